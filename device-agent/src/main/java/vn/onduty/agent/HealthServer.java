package vn.onduty.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.outbox.Uploader;

/**
 * {@code GET /health} on the agent's admin port: whether events are flowing and the sensors are there,
 * for the installer's browser, a monitoring probe or systemd. Answers 200 when healthy, 503 when not,
 * with the same JSON either way. The cameras are listed too, as the heartbeat reports them, but do not
 * make the agent unhealthy: a camera that is down is the camera's trouble, and restarting the agent for
 * it would only stop the others (the server's camera pages flag it).
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final ExecutorService executor;

    private HealthServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /**
     * Takes the port now, before the agent opens anything else, so a second agent on the machine fails at
     * once with a clear message instead of sharing the outbox; {@link #start} serves later.
     */
    public static HealthServer bind(InetSocketAddress address) {
        try {
            HttpServer http = HttpServer.create(address, 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "health");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            return new HealthServer(http, executor);
        } catch (BindException e) {
            throw new IllegalStateException("adminPort " + address.getPort() + " on " + address.getHostString()
                    + " is in use: is another agent already running on this computer? (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Starts answering with {@code report}, which is built fresh for each request. */
    public void start(Supplier<Map<String, Object>> report) {
        http.createContext("/health", exchange -> answer(exchange, report));
        http.start();
        log.info("Health at http://{}:{}/health", http.getAddress().getHostString(), port());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    /**
     * The health report: {@code ok} is false while deliveries fail, the server does not answer the
     * heartbeat or the command poll (down, or the token refused), or a sensor is disconnected.
     * {@code outbox} and {@code server} carry what an installer needs to see why; {@code cameras} what
     * each camera is doing.
     */
    public static Map<String, Object> report(Uploader.Stats outbox, ServerLink.Stats server,
                                             List<Map<String, Object>> sensors, List<Map<String, Object>> cameras) {
        boolean sensorsOk = sensors.stream().noneMatch(s -> Boolean.FALSE.equals(s.get("connected")));
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("pending", outbox.pending());
        delivery.put("rejected", outbox.rejected());
        delivery.put("lastSuccessAt", text(outbox.lastSuccessAt()));
        delivery.put("lastError", outbox.lastError());
        delivery.put("lastErrorAt", text(outbox.lastErrorAt()));
        delivery.put("consecutiveFailures", outbox.consecutiveFailures());
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("answering", server.answering());
        link.put("lastHeartbeatAt", text(server.lastHeartbeatAt()));
        link.put("lastCommandPollAt", text(server.lastPollAt()));
        Duration skew = server.clockSkew();
        link.put("clockSkewSeconds", skew == null ? null : skew.toMillis() / 1000.0);
        link.put("lastError", server.lastError());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ok", outbox.consecutiveFailures() == 0 && server.answering() && sensorsOk);
        report.put("outbox", delivery);
        report.put("server", link);
        report.put("sensors", sensors);
        report.put("cameras", cameras);
        return report;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static void answer(HttpExchange exchange, Supplier<Map<String, Object>> report) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/health")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            int status;
            byte[] body;
            try {
                Map<String, Object> health = report.get();
                status = Boolean.TRUE.equals(health.get("ok")) ? 200 : 503;
                body = JSON.writeValueAsBytes(health);
            } catch (RuntimeException e) {
                status = 500;
                body = JSON.writeValueAsBytes(Map.of("ok", false, "error", String.valueOf(e.getMessage())));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
