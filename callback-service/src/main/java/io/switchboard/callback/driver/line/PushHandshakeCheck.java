package io.switchboard.callback.driver.line;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.callback.link.LinkOwnership;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.common.client.AccountDirectory;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refuses a push handshake before the upgrade: missing or wrong {@code sign} (MD5 of device-no + app-version +
 * protocol + device key) → 401, unknown or disabled device → 403, account-service unreachable → 503. The reason
 * goes in the {@code x-switchboard-reason} header (a refused upgrade has no body).
 */
@ApplicationScoped
public class PushHandshakeCheck implements HttpUpgradeCheck {
    private static final Logger LOG = Logger.getLogger(PushHandshakeCheck.class);
    static final String REASON_HEADER = "x-switchboard-reason";

    @Inject
    AccountDirectory accounts;
    @Inject
    LinkOwnership ownership;

    @Override
    public boolean appliesTo(String endpointId) {
        return LinePushEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (ownership.draining()) {
            // Shutting down: its links are being handed over, so the device connects again and reaches another replica.
            return Uni.createFrom().item(reject(503, "this replica is shutting down; connect again"));
        }
        MultiMap h = context.httpRequest().headers();
        Map<String, String> headers = new HashMap<>();
        for (String name : LineSignature.CLIENT_ORDER) {
            if (h.get(name) != null) {
                headers.put(name, h.get(name));
            }
        }
        String sign = h.get("sign");
        String deviceNo = headers.get("device-no");
        if (deviceNo == null || deviceNo.isBlank()) {
            return Uni.createFrom().item(reject(401, "the device-no header is missing"));
        }
        if (sign == null || sign.isBlank()) {
            return Uni.createFrom().item(reject(401, "the sign header is missing"));
        }
        try {
            DeviceAuth.checkShapes(deviceNo, sign);
        } catch (LineError e) {
            return Uni.createFrom().item(reject(e.status(), e.getMessage()));
        }
        // The key lookup may call account-service: never on the event loop.
        return Uni.createFrom().item(() -> decide(deviceNo, headers, sign))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private CheckResult decide(String deviceNo, Map<String, String> headers, String sign) {
        Optional<DeviceView> device;
        try {
            device = accounts.device(deviceNo);
        } catch (ApiException e) {
            LOG.warnf("push handshake of device %s refused: %s", deviceNo, e.getMessage());
            return reject(503, "account-service is unavailable; retry later");
        }
        if (device.isEmpty()) {
            return reject(403, "device " + deviceNo + " is not registered");
        }
        if (!device.get().active()) {
            return reject(403, "device " + deviceNo + " is disabled");
        }
        if (!LineSignature.verify(headers::get, new byte[0], device.get().deviceKey(), sign)) {
            return reject(401, "sign does not match md5(device-no + app-version + protocol + device key)");
        }
        return CheckResult.permitUpgradeSync();
    }

    private static CheckResult reject(int status, String reason) {
        return CheckResult.rejectUpgradeSync(status, Map.of(REASON_HEADER, List.of(reason)));
    }
}
