package io.switchboard.callback.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.switchboard.common.config.SwitchboardConfig;

/**
 * One signed POST to a merchant, on the Vert.x HTTP client because it can connect to a given address while
 * speaking to the URL's host (Host header, TLS SNI and certificate check): see {@link WebhookEndpoints}.
 * Redirects are never followed (a 3xx is a failed attempt: following would reach a host nobody checked). The
 * status must arrive within the timeout; the response body is ignored (never read, so it is dropped as it comes).
 */
@ApplicationScoped
public class WebhookSender {
    public static final String USER_AGENT = "Switchboard-Webhooks/1.0";

    /** The signed request; {@code signature} is the full {@code webhook-signature} value. */
    public record Signed(WebhookEndpoints.Endpoint endpoint, String id, long timestamp, String signature,
                         String body) {}

    /**
     * {@code statusCode} is null when no response came back; {@code error} is null on a 2xx. {@code retryAfter} is the
     * merchant's {@code Retry-After} on a 429 or 503 (uncapped; null when absent or unreadable).
     */
    public record Result(Integer statusCode, String error, long durationMs, Outcome outcome, Duration retryAfter) {
        public Result(Integer statusCode, String error, long durationMs, Outcome outcome) {
            this(statusCode, error, durationMs, outcome, null);
        }

        public boolean success() {
            return outcome == Outcome.SUCCESS;
        }

        /** 410 Gone: the merchant says this endpoint is gone for good. */
        public boolean gone() {
            return statusCode != null && statusCode == 410;
        }
    }

    /** The part of the answer we look at: the status, and Retry-After where it means something. */
    private record Head(int status, String retryAfter) {}

    /** Metric tag and the reason class of a failed attempt. */
    public enum Outcome { SUCCESS, HTTP_ERROR, REDIRECT, TIMEOUT, NETWORK_ERROR, REFUSED }

    @Inject
    Vertx vertx;
    Duration timeout;
    int maxInFlight;

    /** Settings from common's SwitchboardConfig (the one place their defaults are written); tests set the fields. */
    @Inject
    void configure(SwitchboardConfig config) {
        timeout = config.webhooks().timeout();
        maxInFlight = config.webhooks().maxInFlight();
    }

    private HttpClient client;

    @PostConstruct
    void init() {
        int ms = (int) timeout.toMillis();
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(ms)
                        .setKeepAlive(true)
                        .setVerifyHost(true)
                        .setTryUseCompression(false),
                new PoolOptions().setHttp1MaxSize(Math.max(1, maxInFlight)));
    }

    public Result send(Signed s) {
        URI url = s.endpoint().url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .setServer(SocketAddress.inetSocketAddress(port, s.endpoint().address().getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("webhook-id", s.id())
                .putHeader("webhook-timestamp", Long.toString(s.timestamp()))
                .putHeader("webhook-signature", s.signature());

        long start = System.nanoTime();
        CompletableFuture<Head> status = new CompletableFuture<>();
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(s.body())))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        status.completeExceptionally(ar.cause());
                        return;
                    }
                    HttpClientResponse response = ar.result();
                    // The status first: this callback may run after the response has already ended (an empty
                    // 200 ends in the same read as its head), and then setting a handler throws. The body needs
                    // no handler: unread chunks are dropped and the connection is reused after the end.
                    int code = response.statusCode();
                    status.complete(new Head(code, code == 429 || code == 503 ? response.getHeader("Retry-After") : null));
                    quietOnLateErrors(response);
                });
        try {
            Head head = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            int code = head.status();
            long ms = elapsed(start);
            if (code >= 200 && code < 300) {
                return new Result(code, null, ms, Outcome.SUCCESS);
            }
            if (code >= 300 && code < 400) {
                return new Result(code, "answered " + code + " (redirects are not followed)", ms, Outcome.REDIRECT);
            }
            Duration retryAfter = retryAfter(head.retryAfter(), Instant.now());
            return new Result(code, "answered " + code + (code == 410 ? " Gone" : "")
                    + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)"), ms,
                    Outcome.HTTP_ERROR, retryAfter);
        } catch (TimeoutException e) {
            // The idle timeout closes the request on the event loop; nothing waits for it any more.
            return new Result(null, "no response within " + seconds(timeout) + " s", elapsed(start),
                    Outcome.TIMEOUT);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean timedOut = cause instanceof TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout");
            return new Result(null, describe(cause), elapsed(start), timedOut ? Outcome.TIMEOUT : Outcome.NETWORK_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted (shutting down)", elapsed(start), Outcome.NETWORK_ERROR);
        }
    }

    /**
     * RFC 9110 §10.2.3: delta-seconds ({@code 120}) or an IMF-fixdate ({@code Wed, 21 Oct 2026 07:28:00 GMT}; the
     * obsolete RFC 850 and asctime forms are treated as unreadable). A date in the past is zero. Null when absent
     * or unreadable: then the schedule alone decides.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLong) {
                return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L); // capped by the caller anyway
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A reset while the ignored body streams in is not worth a log line; after the end there is nothing to do. */
    private static void quietOnLateErrors(HttpClientResponse response) {
        try {
            response.exceptionHandler(e -> { });
        } catch (IllegalStateException alreadyEnded) {
            // ended before this callback ran: nothing more can fail
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    void shutdown(@Observes ShutdownEvent ev) {
        if (client != null) {
            client.close();
        }
    }
}
