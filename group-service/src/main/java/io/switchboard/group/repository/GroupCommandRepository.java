package io.switchboard.group.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.switchboard.group.model.GroupCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class GroupCommandRepository implements PanacheRepositoryBase<GroupCommand, String> {
    /** Deletes the records of commands published before {@code cutoff}; returns how many. */
    public long purgeOlderThan(Instant cutoff) {
        return delete("createdAt < ?1", cutoff);
    }
}
