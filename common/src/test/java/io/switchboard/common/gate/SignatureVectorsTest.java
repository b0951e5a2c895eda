package io.switchboard.common.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate's canonical string and RSA verification against vectors made by the openssl command line
 * (simulators/src/main/resources/fixtures/openapi/make-vectors.sh). Any change to canonicalisation breaks these.
 */
class SignatureVectorsTest {
    static Stream<JsonNode> vectors() throws Exception {
        JsonNode all = new ObjectMapper().readTree(OpenApiSigner.fixture("openapi/vectors.json"));
        return StreamSupport.stream(all.spliterator(), false);
    }

    static Map<String, String> params(JsonNode v) {
        Map<String, String> p = new LinkedHashMap<>();
        v.get("params").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
        p.put("sign", v.get("sign").asText());
        return p;
    }

    static PublicKey publicKeyFor(String privateKeyFile) {
        return RsaKeys.parsePublicKey(OpenApiSigner.fixture("openapi/" + privateKeyFile.replace(".key.", ".pub.")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void canonicalStringMatchesOpenssl(JsonNode v) {
        assertEquals(v.get("content").asText(), CanonicalString.of(params(v)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void opensslSignatureVerifies(JsonNode v) {
        Map<String, String> p = params(v);
        assertTrue(RsaKeys.verify(v.get("signType").asText(), publicKeyFor(v.get("key").asText()),
                CanonicalString.of(p), p.get("sign")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void merchantSimulatorSignsLikeOpenssl(JsonNode v) {
        // PKCS#1 v1.5 signatures are deterministic, so the simulator must reproduce openssl byte for byte.
        Map<String, String> p = params(v);
        String key = OpenApiSigner.fixture("openapi/" + v.get("key").asText());
        assertEquals(v.get("sign").asText(),
                OpenApiSigner.sign(p, v.get("signType").asText(), OpenApiSigner.privateKeyFromPem(key)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void tamperedDataOrOtherKeyFails(JsonNode v) {
        Map<String, String> p = params(v);
        p.put("data", p.get("data").replace("1", "2"));
        String type = v.get("signType").asText();
        assertFalse(RsaKeys.verify(type, publicKeyFor(v.get("key").asText()), CanonicalString.of(p), p.get("sign")));
        String other = v.get("key").asText().contains("-a.") ? "merchant-b.key.pem" : "merchant-a.key.pem";
        Map<String, String> original = params(v);
        assertFalse(RsaKeys.verify(type, publicKeyFor(other), CanonicalString.of(original), original.get("sign")));
    }
}
