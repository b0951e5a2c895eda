package io.switchboard.account.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.model.Robot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class RobotRepository implements PanacheRepository<Robot> {
    public Optional<Robot> findBySerialNo(String robotSerialNo) {
        return find("robotSerialNo", robotSerialNo).firstResultOptional();
    }

    /** The robot row locked for a state change, so concurrent events for one robot apply one at a time. */
    public Optional<Robot> lockBySerialNo(String robotSerialNo) {
        return find("robotSerialNo", robotSerialNo).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** How many live robots (online, logging in, limited) each of these devices carries. */
    public long liveRobotsOn(String deviceNo) {
        return count("deviceNo = ?1 and state in (0, 3, 4)", deviceNo);
    }

    public List<Robot> pageOfMerchant(String merchantId, Short state, int page, int pageSize) {
        var query = state == null
                ? find("merchantId", Sort.by("id"), merchantId)
                : find("merchantId = ?1 and state = ?2", Sort.by("id"), merchantId, state);
        return query.page(Page.of(page - 1, pageSize)).list();
    }

    public long countOfMerchant(String merchantId, Short state) {
        return state == null ? count("merchantId", merchantId)
                : count("merchantId = ?1 and state = ?2", merchantId, state);
    }
}
