package io.switchboard.account.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.model.RobotStateChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class RobotStateChangeRepository implements PanacheRepository<RobotStateChange> {
    public List<RobotStateChange> history(String robotSerialNo, int limit) {
        return find("robotSerialNo", Sort.descending("id"), robotSerialNo).page(0, limit).list();
    }
}
