package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Codec of cmd 10000's content: the unified login parameters account-service sends
 * ({@code username, password, cacheInfo, isCacheLogin, countryCode, phone, loginType, socks5{ip,port,user,pwd}})
 * become the seed's fields, in the seed's order. {@code loginType} has no field in the seed's command
 * ({@code login_source_type} appears only in results), so it is not sent.
 */
public final class LineLoginContent {
    // The seed's field names (推送登录, 登录指令).
    public static final String COUNTRY_CODE = "country_code";
    public static final String PHONE = "phone";
    public static final String CACHE_INFO = "cache_info";
    public static final String USERNAME = "username";
    public static final String SOCKS5 = "socks5";
    public static final String PASSWORD = "password";
    public static final String IS_CACHE_LOGIN = "is_cache_login";
    public static final String[] SOCKS5_FIELDS = {"ip", "port", "user", "pwd"};

    private LineLoginContent() {}

    public static ObjectNode fromUnified(JsonNode u) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put(COUNTRY_CODE, text(u, "countryCode"));
        c.put(PHONE, text(u, "phone"));
        c.put(CACHE_INFO, text(u, "cacheInfo"));
        c.put(USERNAME, text(u, "username"));
        JsonNode s = u.get("socks5");
        if (s != null && s.isObject()) {
            ObjectNode socks = c.putObject(SOCKS5);
            for (String f : SOCKS5_FIELDS) {
                JsonNode v = s.get(f);
                if (f.equals("port") && v != null && v.canConvertToInt()) {
                    socks.put(f, v.asInt());
                } else if (f.equals("port") && v != null && v.isTextual() && v.asText().matches("\\d{1,5}")) {
                    socks.put(f, Integer.parseInt(v.asText())); // the seed shows a number
                } else {
                    socks.put(f, v == null || v.isNull() ? "" : v.asText());
                }
            }
        } else {
            c.putNull(SOCKS5);
        }
        c.put(PASSWORD, text(u, "password"));
        JsonNode cache = u.get("isCacheLogin");
        c.put(IS_CACHE_LOGIN, cache != null && (cache.asBoolean(false) || "true".equalsIgnoreCase(cache.asText())));
        return c;
    }

    /** Missing strings are sent as "" (the seed shows every field as a string). */
    private static String text(JsonNode u, String field) {
        JsonNode v = u.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
