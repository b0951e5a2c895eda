package io.switchboard.sim.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LineFixturesTest {

    @Test
    void everyFixtureIsListedAndParses() throws URISyntaxException {
        File dir = new File(LineFixtures.class.getClassLoader().getResource(LineFixtures.DIR).toURI());
        Set<String> files = new TreeSet<>(Arrays.asList(dir.list()));
        assertEquals(files, new TreeSet<>(LineFixtures.ALL), "LineFixtures.ALL lists exactly the files");
        for (String name : LineFixtures.ALL) {
            JsonNode node = LineFixtures.json(name);
            assertTrue(node.isObject(), name);
            if (node.path("dc_data").path("RetBody").asText("").startsWith("{")) {
                assertTrue(LineFixtures.retBody(name).isObject(), name + " RetBody");
            }
        }
    }

    @Test
    void contactRetBodies() {
        JsonNode friends = LineFixtures.retBody("friend-list.json").path("Parm").path("ContactsData");
        assertEquals(9, friends.size());
        JsonNode yang = friends.path("u907351e182e24dcd836adef0945c2dc9").path("User");
        assertEquals("杨霄", yang.path("UserName").asText());
        assertEquals(1673507642910L, yang.path("Un2").asLong());
        friends.forEach(f -> assertTrue(f.path("User").path("UserId").asText().matches("u[0-9a-f]{32}")));

        JsonNode added = LineFixtures.retBody("add-friend.json").path("Parm").path("ContactsData");
        assertEquals("Nitoo", added.path("ucfbf47a4e0c87d0a98ff9877ba051fbc").path("User").path("UserName").asText());

        JsonNode synced = LineFixtures.retBody("sync-contacts.json").path("Parm");
        assertEquals("YuFan", synced.path("+8613723896951").path("UserRegInfo").path("UserName").asText());
        assertEquals(2, synced.size() - (synced.has("__isset") ? 1 : 0));
    }

    @Test
    void groupRetBodies() {
        JsonNode chats = LineFixtures.retBody("group-list.json").path("Parm").path("Chats");
        assertEquals(10, chats.size());
        chats.forEach(c -> {
            assertTrue(c.path("GroupId").asText().matches("c[0-9a-f]{32}"), c.toString());
            assertTrue(c.path("Data").path("Parm").path("OwnerUserId").asText().matches("u[0-9a-f]{32}"));
            assertTrue(c.path("Data").path("Parm").path("MemberJoinTime").size() >= 3);
        });

        JsonNode created = LineFixtures.retBody("create-group.json").path("Parm").path("Chats").path(0);
        JsonNode info = LineFixtures.retBody("group-info.json").path("Parm").path("Chats").path(0);
        assertEquals("cef4f0ec04f6b968884ba40013166f360", created.path("GroupId").asText());
        assertEquals(created.path("GroupId"), info.path("GroupId"));
        assertEquals(1674098300774L, created.path("CreateTime").asLong());
        assertEquals(3, created.path("Data").path("Parm").path("MemberJoinTime").size());
        // seed 10004 spells the inner object "parm"; kept as printed (see README)
        assertEquals(3, info.path("Data").path("parm").path("MemberJoinTime").size());
    }

    @Test
    void loginSamples() {
        JsonNode success = LineFixtures.json("login-success.json");
        assertEquals("8613808458584", success.path("data").path("serial_no").asText());
        assertEquals("u4746b91aa7db77ea2fc3af1a9a8faed5", success.path("dc_data").path("Parm").path("UserId").asText());
        assertEquals(10, success.path("data").size());

        JsonNode failure = LineFixtures.json("login-failure.json");
        assertEquals("获取个人信息失败", failure.path("message").asText());
        assertEquals(-1, failure.path("dc_data").path("Ret").asInt());

        JsonNode push = LineFixtures.json("push-login-command.json");
        assertEquals(10000, push.path("cmd").asInt());
        assertEquals("gate13.rola.info", push.path("content").path("socks5").path("ip").asText());
    }

    @Test
    void cacheInfoIsBase64WithAnExpireTime() {
        String cache = LineFixtures.json("refresh-token.json").path("data").path("cache_info").asText();
        String decoded = new String(Base64.getDecoder().decode(cache), StandardCharsets.UTF_8);
        assertTrue(decoded.startsWith("{\"proxyUsable\":1,"), decoded.substring(0, 40));
        assertTrue(decoded.contains("\"ExpireTime\":\"2023-02-04T01:50:52.9521935+08"), "ExpireTime present");
        Base64.getDecoder().decode(LineFixtures.json("login-success.json").path("data").path("cache_info").asText());
    }
}
