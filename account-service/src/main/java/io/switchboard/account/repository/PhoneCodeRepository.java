package io.switchboard.account.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.model.PhoneCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

@ApplicationScoped
public class PhoneCodeRepository implements PanacheRepository<PhoneCode> {
    /** The newest round of this login, locked so two devices cannot take one code twice. */
    public Optional<PhoneCode> latestForLogin(String robotSerialNo, String loginSerialNo) {
        return find("robotSerialNo = ?1 and loginSerialNo = ?2", Sort.descending("id"), robotSerialNo, loginSerialNo)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The round of this login whose code was taken by request {@code requestId}, if any. */
    public Optional<PhoneCode> takenBy(String robotSerialNo, String loginSerialNo, String requestId) {
        return find("robotSerialNo = ?1 and loginSerialNo = ?2 and takenByRequest = ?3", Sort.descending("id"),
                robotSerialNo, loginSerialNo, requestId).firstResultOptional();
    }
}
