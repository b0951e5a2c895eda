package io.switchboard.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.common.logging.ControlCharacterLogFilter;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/**
 * The doors every service shares, over HTTP against real PostgreSQL: control characters in paths, queries and
 * JSON bodies get a 400 before anything runs; trailing JSON is refused; what PostgreSQL cannot store is a 400
 * and a database that drops the connection a 503, never a 500; and no log message spans two lines.
 */
@QuarkusTest
class InputHardeningTest {
    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    ObjectMapper json;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void controlCharactersInPathOrQueryAreRefused() {
        given().header("Authorization", ADMIN).urlEncodingEnabled(false)
                .get("/admin/hardening-test/echo/ok?q=fine%20text").then().statusCode(200)
                .body("value", equalTo("ok")).body("q", equalTo("fine text"));
        for (String bad : List.of("/admin/hardening-test/echo/a%00b", "/admin/hardening-test/echo/a%0Ab",
                "/admin/hardening-test/echo/ok?q=a%00b", "/admin/hardening-test/echo/ok?q=x%0D%0Ay",
                "/admin/hardening-test/echo/ok?a%00=1", "/admin/merchants/%00", "/openapi/v1/list%0ARobots")) {
            var r = given().header("Authorization", ADMIN).urlEncodingEnabled(false).get(bad).then();
            r.statusCode(400);
            if (bad.startsWith("/openapi/")) {
                r.body("nErrorCode", equalTo(40010)).body("vcSuccess", equalTo("false"));
            } else {
                r.body("error", equalTo("CONTROL_CHARACTER")).body("code", equalTo(40010))
                        .body("message", containsString("U+00"));
            }
        }
        // Before authentication: a garbage path costs no token check and says what is wrong.
        given().urlEncodingEnabled(false).get("/admin/anything/%00").then().statusCode(400)
                .body("error", equalTo("CONTROL_CHARACTER"));
    }

    @Test
    void nulInJsonBodiesIsRefused() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"name\":\"Ann\\nLee\"}")
                .post("/admin/hardening-test/body").then().statusCode(200).body("name", equalTo("Ann\nLee"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"name\":\"a\\u0000b\"}")
                .post("/admin/hardening-test/body").then().statusCode(400)
                .body("error", equalTo("CONTROL_CHARACTER")).body("message", containsString("/name"));
    }

    @Test
    void trailingJsonIsRefused() throws Exception {
        for (String body : List.of("{\"name\":\"a\"}garbage", "{\"name\":\"a\"}{\"name\":\"b\"}", "{\"name\":\"a\"}]")) {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                    .post("/admin/hardening-test/body").then().statusCode(400).body("error", equalTo("MALFORMED_BODY"));
        }
        // The injected ObjectMapper (device bodies, events, REST client answers) has the same rules.
        assertThrows(JsonProcessingException.class, () -> json.readTree("{\"a\":1}{\"a\":2}"));
        assertThrows(JsonProcessingException.class, () -> json.readTree("{\"a\":\"\\u0000\"}"));
        assertEquals(1, json.readTree("{\"a\":1} \n").get("a").asInt());
    }

    @Test
    void textPostgresCannotStoreIsA400() {
        given().header("Authorization", ADMIN).contentType("application/octet-stream").body("plain".getBytes())
                .post("/admin/hardening-test/store-text").then().statusCode(200).body("length", equalTo(5));
        given().header("Authorization", ADMIN).contentType("application/octet-stream").body("a\0b".getBytes())
                .post("/admin/hardening-test/store-text").then().statusCode(400)
                .body("error", equalTo("CONTROL_CHARACTER")).body("message", containsString("NUL"));
        given().header("Authorization", ADMIN).contentType("application/octet-stream")
                .body("{\"a\":\"\\u0000\"}".getBytes())
                .post("/admin/hardening-test/store-jsonb").then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));
    }

    @Test
    void connectionTerminatedByTheServerIsA503() {
        given().header("Authorization", ADMIN).post("/admin/hardening-test/terminated").then().statusCode(503)
                .body("error", equalTo("DEPENDENCY_UNAVAILABLE")).body("code", equalTo(50301));
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        given().header("Authorization", ADMIN).get("/admin/hardening-test/db").then().statusCode(200);
    }

    @Test
    void poolConnectionsKilledFromOutsideGiveA503ThenRecover() throws Exception {
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        given().header("Authorization", ADMIN).get("/admin/hardening-test/db").then().statusCode(200);
        int killed;
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                     + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'")) {
            r.next();
            killed = r.getInt(1);
        }
        assertTrue(killed >= 1, "the pool held a connection to terminate");
        given().header("Authorization", ADMIN).get("/admin/hardening-test/db").then().statusCode(503)
                .body("error", equalTo("DEPENDENCY_UNAVAILABLE"));
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        given().header("Authorization", ADMIN).get("/admin/hardening-test/db").then().statusCode(200);
    }

    @Test
    void aLoggedLineBreakCannotForgeALine() {
        ConsoleHandler console = consoleHandler();
        assertNotNull(console.getFilter(), "quarkus.log.console.filter=" + ControlCharacterLogFilter.NAME);
        String marker = "forged-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        console.setOutputStream(out);
        try {
            Logger.getLogger("io.switchboard.test").warnf("unknown app_id %s",
                    "x\r\n2026-01-01 00:00:00,000 INFO  [admin] " + marker + "\u0000");
            console.flush();
        } finally {
            console.setTarget(ConsoleHandler.Target.SYSTEM_OUT);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(marker)).toList();
        assertEquals(1, lines.size(), () -> "captured: " + out);
        assertTrue(lines.get(0).contains("unknown app_id x\\r\\n2026-01-01 00:00:00,000 INFO  [admin] " + marker
                + "\\u0000"), lines.get(0));
    }

    static ConsoleHandler consoleHandler() {
        Deque<Handler> todo = new ArrayDeque<>(List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        while (!todo.isEmpty()) {
            Handler h = todo.poll();
            if (h instanceof ConsoleHandler c) {
                return c;
            }
            if (h instanceof ExtHandler e) {
                todo.addAll(List.of(e.getHandlers()));
            }
        }
        throw new AssertionError("no console handler under the root logger");
    }
}
