package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.awaitProcessed;
import static io.switchboard.group.GroupTestSupport.obj;
import static io.switchboard.group.GroupTestSupport.robotEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.switchboard.common.event.EventTypes;
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** What the Open API tests of group-service share: signed calls to this service, refusals, stored groups. */
abstract class SignedApiTest {
    @TestHTTPResource("/")
    URL root;
    String base;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
    }

    Reply call(Merchant m, String op, Map<String, Object> data) {
        return m.client().call(base, op, data);
    }

    static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Stores groups for the robot the way production does: getGroupList refresh, then its groups.listed result. */
    String seedGroups(Merchant m, String robot, ObjectNode... groups) {
        Reply r = call(m, "getGroupList", data("vcRobotSerialNo", robot, "refresh", true));
        assertTrue(r.success(), r.body()::toString);
        ObjectNode d = obj().put("complete", true);
        var a = d.putArray("groups");
        for (ObjectNode g : groups) {
            a.add(g);
        }
        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, m.merchantId(), robot, r.serialNo(), d));
        return r.serialNo();
    }

    static void assertRefused(Reply r, int status, int code, String text) {
        assertEquals(status, r.status(), r.body()::toString);
        assertEquals("false", r.body().path("vcSuccess").asText());
        assertEquals(code, r.errorCode(), r.body()::toString);
        assertTrue(r.body().path("vcErrorMsg").asText().contains(text),
                () -> "message names '" + text + "': " + r.body());
    }
}
