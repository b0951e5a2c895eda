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

    /** {@code statusCode} is null when no response came back; {@code error} is null on a 2xx. */
    public record Result(Integer statusCode, String error, long durationMs, Outcome outcome) {
        public boolean success() {
            return outcome == Outcome.SUCCESS;
        }
    }

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
        CompletableFuture<Integer> status = new CompletableFuture<>();
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
                    status.complete(response.statusCode());
                    quietOnLateErrors(response);
                });
        try {
            int code = status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long ms = elapsed(start);
            if (code >= 200 && code < 300) {
                return new Result(code, null, ms, Outcome.SUCCESS);
            }
            if (code >= 300 && code < 400) {
                return new Result(code, "answered " + code + " (redirects are not followed)", ms, Outcome.REDIRECT);
            }
            return new Result(code, "answered " + code, ms, Outcome.HTTP_ERROR);
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
