package io.switchboard.group.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.switchboard.group.model.GroupCommand;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class GroupCommandRepository implements PanacheRepositoryBase<GroupCommand, String> {
}
