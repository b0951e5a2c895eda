package io.switchboard.account.service;

import io.switchboard.account.model.PhoneCode;
import io.switchboard.account.repository.PhoneCodeRepository;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * The device's side of the SMS code round (through callback-service): the submitted code of a login, handed out
 * once. A take names a request id, and the request that took a code gets it again when it repeats, so the caller
 * may retry a take whose answer was lost without losing the code.
 */
@ApplicationScoped
public class PhoneCodeService {
    @Inject
    PhoneCodeRepository phoneCodes;
    @Inject
    SecretCipher cipher;

    /**
     * The submitted code of login {@code loginSerialNo}; empty while none is waiting or once another request took
     * it. {@code requestId} may be null (no repeat possible).
     */
    @Transactional
    public Optional<String> take(String robotSerialNo, String loginSerialNo, String requestId) {
        // The newest round is locked first, so two takes of one code are serialised.
        Optional<PhoneCode> latest = phoneCodes.latestForLogin(robotSerialNo, loginSerialNo);
        if (requestId != null) {
            Optional<PhoneCode> taken = phoneCodes.takenBy(robotSerialNo, loginSerialNo, requestId);
            if (taken.isPresent()) {
                return taken.map(this::code);
            }
        }
        return latest.filter(p -> p.codeEnc != null && p.consumedAt == null).map(p -> {
            p.consumedAt = Instant.now();
            p.takenByRequest = requestId;
            return code(p);
        });
    }

    private String code(PhoneCode p) {
        return cipher.decrypt(p.codeEnc, SecretContexts.robotPhoneCode(p.robotSerialNo));
    }
}
