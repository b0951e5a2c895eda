package io.switchboard.callback.presence;

import io.switchboard.common.api.Ids;
import jakarta.enterprise.context.ApplicationScoped;

/** This process's name among callback-service replicas (pod name + random, unique across restarts). */
@ApplicationScoped
public class ReplicaId {
    private final String id;

    public ReplicaId() {
        String host = System.getenv("HOSTNAME");
        id = (host == null || host.isBlank() ? "local" : host) + "-" + Ids.random("", 4);
    }

    public String get() { return id; }
}
