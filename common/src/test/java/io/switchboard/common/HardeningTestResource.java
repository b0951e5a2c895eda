package io.switchboard.common;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Test-only admin endpoints for {@link InputHardeningTest}: they echo what passed the doors, and some hand input
 * to PostgreSQL unchecked, to prove what the exception mappers make of the database's own refusals.
 */
@Path("/admin/hardening-test")
@Produces(MediaType.APPLICATION_JSON)
public class HardeningTestResource {
    public record Body(String name) {}

    @Inject
    EntityManager em;

    @GET
    @Path("/echo/{value}")
    public Map<String, String> echo(@PathParam("value") String value, @QueryParam("q") String q) {
        return Map.of("value", value, "q", q == null ? "" : q);
    }

    @POST
    @Path("/body")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> body(Body body) {
        return Map.of("name", String.valueOf(body.name()));
    }

    /** The raw body straight into a text parameter: NUL makes PostgreSQL answer 22021. */
    @POST
    @Path("/store-text")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    public Map<String, Object> storeText(byte[] body) {
        Object n = em.createNativeQuery("select length(cast(?1 as text))")
                .setParameter(1, new String(body, StandardCharsets.UTF_8)).getSingleResult();
        return Map.of("length", n);
    }

    /** The raw body straight into jsonb: a \u0000 escape makes PostgreSQL answer 22P05. */
    @POST
    @Path("/store-jsonb")
    @Consumes(MediaType.WILDCARD)
    @Transactional
    public Map<String, Object> storeJsonb(byte[] body) {
        Object s = em.createNativeQuery("select cast(cast(?1 as text) as jsonb)::text")
                .setParameter(1, new String(body, StandardCharsets.UTF_8)).getSingleResult();
        return Map.of("json", s);
    }

    /**
     * The request's own connection is terminated by the server, as in a restart: pgjdbc reports 57P01 with the
     * lost connection (08006) as its chained next exception. No transaction, so no failed rollback adds another
     * failure to the cause chain.
     */
    @POST
    @Path("/terminated")
    public Map<String, Object> terminated() {
        Object r = em.createNativeQuery("select pg_terminate_backend(pg_backend_pid())").getSingleResult();
        return Map.of("survived", r);
    }

    @GET
    @Path("/db")
    @Transactional
    public Map<String, Object> db() {
        return Map.of("one", em.createNativeQuery("select 1").getSingleResult());
    }
}
