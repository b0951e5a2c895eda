package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.api.Ids;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.common.client.AccountDirectory;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * RobotLoginSuccess, RobotLoginFailure and robot/get-phone-code: the device's half of a login (cmd 10000). Results
 * go through the seam's inbound side in the caller's transaction; cache_info leaves only encrypted, for the robot it
 * belongs to.
 */
@ApplicationScoped
public class LoginActions {
    @Inject
    CommandLookup lookup;
    @Inject
    RobotInbound inbound;
    @Inject
    SecretCipher cipher;
    @Inject
    AccountDirectory accounts;

    public LineReply success(LineRequest r) {
        LineCallbacks.LoginSuccess s = LineCallbacks.loginSuccess(r.body());
        CommandRecord c = lookup.command(r, s.serialNo(), true);
        lookup.requireOperation(c, "login");
        String robot = c.robotSerialNo;
        ObjectNode result = inbound.data()
                .put("username", s.username()).put("phone", s.phone()).put("countryCode", s.countryCode())
                .put("headImgUrl", s.headImgUrl()).put("appVersion", s.appVersion()).put("dcVersion", s.dcVersion())
                .put("lineVersion", s.lineVersion()).put("userId", s.userId());
        ObjectNode data = result.deepCopy();
        data.put("cacheInfoEnc", s.cacheInfo() == null ? null
                : cipher.encrypt(s.cacheInfo(), SecretContexts.robotCacheInfo(robot)));
        data.put("cacheExpiresAt", CacheInfo.expiresAt(s.cacheInfo()));
        inbound.succeeded(c, result, new RobotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, data));
        return LineReply.ok("");
    }

    public LineReply failure(LineRequest r) {
        LineCallbacks.LoginFailure f = LineCallbacks.loginFailure(r.body());
        CommandRecord c = lookup.command(r, f.serialNo(), true);
        lookup.requireOperation(c, "login");
        String reason = f.message() == null || f.message().isBlank() ? "login failed" : f.message();
        ObjectNode data = inbound.data().put("reason", reason);
        if (f.dcData() == null || f.dcData().ret() == null) {
            data.putNull("dcRet");
        } else {
            data.put("dcRet", f.dcData().ret());
        }
        data.put("dcRetMsg", f.dcData() == null ? null : f.dcData().retMsg());
        inbound.failed(c, reason, data, new RobotEvent(EventTypes.ROBOT_LOGIN_FAILED, data));
        return LineReply.okWithCode();
    }

    /** {@code step} send: the merchant is asked for the SMS code; {@code get}: the code once it was submitted. */
    public LineReply phoneCode(LineRequest r) {
        LineCallbacks.PhoneCodeStep p = LineCallbacks.phoneCode(r.body());
        CommandRecord c = QuarkusTransaction.requiringNew().call(() -> lookup.command(r, p.serialNo(), false));
        lookup.requireOperation(c, "login");
        if (c.status.terminal()) {
            throw new LineError(409, "login " + c.serialNo + " is already " + c.status);
        }
        String robot = c.robotSerialNo;
        if (p.step().equals("send")) {
            String phone = p.phone() != null ? p.phone() : c.phone;
            QuarkusTransaction.requiringNew().run(() -> inbound.report(r.merchantId(), robot, c.serialNo,
                    new RobotEvent(EventTypes.ROBOT_PHONE_CODE_REQUESTED, inbound.data().put("phone", phone))));
            return LineReply.ok("");
        }
        // One request id per poll: account-service answers a retry of this poll with the same code.
        Optional<String> code = accounts.takePhoneCode(robot, c.serialNo, Ids.random("take-", 12));
        return code.map(v -> LineReply.okWith(inbound.data().put("code", v)))
                .orElseGet(() -> LineReply.notYet("no code submitted yet"));
    }
}
