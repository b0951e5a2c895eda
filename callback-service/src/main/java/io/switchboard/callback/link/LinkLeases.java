package io.switchboard.callback.link;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.callback.presence.ReplicaId;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Who owns which link, in Redis, at a cost that does not grow with the number of links (DESIGN §1):
 * <ul>
 *   <li>{@code sb:replica:alive:<replica>} — one key per replica, {@code SET … PX ttl}, renewed every
 *       {@code renew-interval}: the only periodic write, one round trip whatever the number of links;</li>
 *   <li>{@code sb:link:owner} — one hash, field {@code protocol|key} → replica id, written only when a link
 *       changes hands.</li>
 * </ul>
 * An owner counts only while its liveness key exists, so a replica that dies loses all its links at once when its key
 * expires, and survivors may take them. (The scripts touch keys they compute, so this needs a single Redis, not a
 * cluster; see docs/OPERATIONS.md.)
 */
@ApplicationScoped
public class LinkLeases {
    public static final String OWNERS = "sb:link:owner";
    public static final String ALIVE_PREFIX = "sb:replica:alive:";

    /** Takes the link whatever holds it; returns the previous owner if it is another live replica (to tell it). */
    private static final String TAKE = """
            local prev = redis.call('hget', KEYS[1], ARGV[1])
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
            if prev and prev ~= ARGV[2] and redis.call('exists', ARGV[3] .. prev) == 1 then return prev end
            return false""";
    /** Takes the link only if it is free, ours, or its owner is dead; 1 when ours afterwards. */
    private static final String TAKE_IF_FREE = """
            local cur = redis.call('hget', KEYS[1], ARGV[1])
            if cur == false or cur == ARGV[2] or redis.call('exists', ARGV[3] .. cur) == 0 then
              redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end
            return 0""";
    /** Records this replica (ARGV[1]) for each field that has no owner recorded; how many it recorded. */
    private static final String RESTORE = """
            local n = 0
            for i = 2, #ARGV do n = n + redis.call('hsetnx', KEYS[1], ARGV[i], ARGV[1]) end
            return n""";
    /** The live owner of each field (empty string when none or dead), in one round trip. */
    private static final String LIVE_OWNERS = """
            local out = {}
            for i = 2, #ARGV do
              local cur = redis.call('hget', KEYS[1], ARGV[i])
              if cur and redis.call('exists', ARGV[1] .. cur) == 1 then out[i - 1] = cur else out[i - 1] = '' end
            end
            return out""";

    @Inject
    RedisDataSource redis;
    @Inject
    ReplicaId replica;
    @Inject
    CallbackConfig config;

    public String me() {
        return replica.get();
    }

    public static String alive(String replicaId) {
        return ALIVE_PREFIX + replicaId;
    }

    /** Renews this replica's liveness: the one periodic write of the whole ownership scheme. */
    public void renewAlive() {
        redis.execute("SET", alive(me()), Long.toString(System.currentTimeMillis()), "PX",
                Long.toString(config.links().leaseTtl().toMillis()));
    }

    /** Gives up this replica's liveness at once (graceful shutdown): survivors need not wait for the TTL. */
    public void dropAlive() {
        redis.execute("DEL", alive(me()));
    }

    /** Takes the link (a device connected here: the newest connection wins); the previous live owner, or null. */
    public String take(LinkId link) {
        Response r = redis.execute("EVAL", TAKE, "1", OWNERS, link.field(), me(), ALIVE_PREFIX);
        return r == null ? null : r.toString();
    }

    /** Takes the link unless a live replica other than this one owns it; true when this replica owns it now. */
    public boolean takeIfFree(LinkId link) {
        Response r = redis.execute("EVAL", TAKE_IF_FREE, "1", OWNERS, link.field(), me(), ALIVE_PREFIX);
        return r != null && r.toLong() == 1;
    }

    /** Releases the link if this replica owns it. */
    public void release(LinkId link) {
        redis.execute("EVAL", RELEASE, "1", OWNERS, link.field(), me());
    }

    /** The live owner of the link, or null when none (never connected, released, or its owner died). */
    public String liveOwner(LinkId link) {
        return liveOwners(List.of(link)).get(0);
    }

    /** The live owner of each link (null where none), in one round trip. */
    public List<String> liveOwners(List<LinkId> links) {
        List<String> args = new ArrayList<>(links.size() + 4);
        args.add(LIVE_OWNERS);
        args.add("1");
        args.add(OWNERS);
        args.add(ALIVE_PREFIX);
        for (LinkId l : links) {
            args.add(l.field());
        }
        Response r = redis.execute("EVAL", args.toArray(String[]::new));
        List<String> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            String v = r == null || r.size() <= i || r.get(i) == null ? "" : r.get(i).toString();
            out.add(v.isEmpty() ? null : v);
        }
        return out;
    }

    /** The recorded owner of each link, alive or not (null where none), in one round trip: HMGET. */
    public List<String> recordedOwners(List<LinkId> links) {
        List<String> args = new ArrayList<>(links.size() + 1);
        args.add(OWNERS);
        for (LinkId l : links) {
            args.add(l.field());
        }
        Response r = redis.execute("HMGET", args.toArray(String[]::new));
        List<String> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            out.add(r == null || r.get(i) == null ? null : r.get(i).toString());
        }
        return out;
    }

    /**
     * Re-records links this replica holds whose field vanished (Redis lost its data), in one round trip; a field
     * another replica recorded meanwhile is left alone. Returns how many were re-recorded.
     */
    public long restore(List<LinkId> links) {
        if (links.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(links.size() + 4);
        args.add(RESTORE);
        args.add("1");
        args.add(OWNERS);
        args.add(me());
        for (LinkId l : links) {
            args.add(l.field());
        }
        Response r = redis.execute("EVAL", args.toArray(String[]::new));
        return r == null ? 0 : r.toLong();
    }
}
