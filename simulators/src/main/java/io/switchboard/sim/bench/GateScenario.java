package io.switchboard.sim.bench;

import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code gate}: signed Open API calls on account-service against a baseline the service answers without the gate.
 *
 * <ul>
 *   <li>{@code noSuchOperation} (baseline): a listRobots-shaped form body posted to {@code /openapi/v1/noSuchOperation}.
 *       The resource answers 404/40402 before it parses the body, so this is HTTP + routing + the error envelope;</li>
 *   <li>{@code badSignature}: a listRobots call whose {@code sign} is random bytes of the right length, so every
 *       cheap check passes, the merchant is found (cached) and the RSA verification runs and fails: 401/40101;</li>
 *   <li>{@code getRobot(unknown)}: a valid signed {@code getRobot} of a robot that does not exist: the whole gate
 *       (RSA verify, Redis {@code SET NX}) and one indexed robot look-up: 404/40403;</li>
 *   <li>{@code listRobots}: a valid signed call, the merchant has no robots: the whole gate plus the page query and
 *       its {@code count(*)}: 200.</li>
 * </ul>
 *
 * Requests are signed before each pass (the client's RSA signing is not timed); each signature is used once, so
 * the replay check never refuses one.
 */
final class GateScenario {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FORM = "application/x-www-form-urlencoded";

    private final String account;
    private final BenchMerchant merchant;

    GateScenario(String account, BenchMerchant merchant) {
        this.account = account;
        this.merchant = merchant;
    }

    List<Variant> variants() {
        return List.of(
                new Variant("noSuchOperation", "POST /openapi/v1/noSuchOperation, listRobots-shaped body; refused "
                        + "before the body is parsed", "404/40402", true,
                        n -> unsigned("noSuchOperation", n), (s, b) -> s == 404 && b.contains("\"nErrorCode\":40402")),
                new Variant("listRobots", "signed listRobots (the merchant has 0 robots): gate + page + count(*)",
                        "200 vcSuccess=true", false,
                        n -> signed("listRobots", n, i -> Map.of()), (s, b) -> s == 200 && b.contains("\"vcSuccess\":\"true\"")),
                new Variant("getRobot(unknown)", "signed getRobot of a robot that does not exist: gate + 1 look-up",
                        "404/40403", false,
                        n -> signed("getRobot", n, i -> Map.of("vcRobotSerialNo", "bench-no-such-robot-" + i)),
                        (s, b) -> s == 404 && b.contains("\"nErrorCode\":40403")),
                new Variant("badSignature", "listRobots with random sign bytes: cheap checks + RSA verify, then 401",
                        "401/40101", false,
                        n -> unsigned("listRobots", n), (s, b) -> s == 401 && b.contains("\"nErrorCode\":40101")));
    }

    private List<HttpRequest> signed(String operation, int n, java.util.function.IntFunction<Map<String, ?>> data) {
        // Signing is the client's costliest step (an RSA private-key operation); both cores share it, untimed.
        return IntStream.range(0, n).parallel()
                .mapToObj(i -> request(operation, OpenApiSigner.formBody(merchant.client.signedParams(operation, data.apply(i)))))
                .toList();
    }

    /**
     * listRobots parameters (fresh timestamp, fresh nonce each) with a random 256-byte signature below any 2048-bit
     * modulus, so the server's verification does the full modular exponentiation and then fails.
     */
    private List<HttpRequest> unsigned(String path, int n) {
        Map<String, String> template = merchant.client.signedParams("listRobots", Map.of());
        return IntStream.range(0, n).mapToObj(i -> {
            Map<String, String> p = new LinkedHashMap<>(template);
            p.put("nonce", Long.toHexString(RANDOM.nextLong()));
            p.put("sign", randomSignature());
            return request(path, OpenApiSigner.formBody(p));
        }).toList();
    }

    private HttpRequest request(String operation, String form) {
        return HttpRequest.newBuilder(URI.create(account + "/openapi/v1/" + operation))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    static String randomSignature() {
        byte[] s = new byte[256];
        RANDOM.nextBytes(s);
        s[0] &= 0x3f; // below the modulus (whose top bit is set), so the verifier cannot reject it early
        return Base64.getEncoder().encodeToString(s);
    }

    /** Single-thread cost of the client's RSA2 sign and of one RSA2 verify (what the gate does), in µs. */
    Map<String, Double> cryptoReference() {
        try {
            byte[] content = OpenApiSigner.contentToSign(merchant.client.signedParams("listRobots", Map.of()))
                    .getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance("SHA256withRSA");
            byte[] sig = null;
            double signUs = 0;
            for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
                int n = pass == 0 ? 200 : 300;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    signer.initSign(merchant.keys.getPrivate());
                    signer.update(content);
                    sig = signer.sign();
                }
                signUs = (System.nanoTime() - t0) / 1e3 / n;
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            double verifyUs = 0;
            boolean ok = true;
            for (int pass = 0; pass < 2; pass++) {
                int n = pass == 0 ? 2_000 : 5_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    verifier.initVerify(merchant.keys.getPublic());
                    verifier.update(content);
                    ok &= verifier.verify(sig);
                }
                verifyUs = (System.nanoTime() - t0) / 1e3 / n;
            }
            if (!ok) {
                throw new IllegalStateException("the reference signature did not verify");
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("rsa2SignUs", signUs);
            out.put("rsa2VerifyUs", verifyUs);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
