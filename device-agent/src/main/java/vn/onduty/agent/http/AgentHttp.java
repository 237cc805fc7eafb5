package vn.onduty.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's side of docs/agent-protocol.md on the wire: JSON requests to one server, authenticated
 * with the agent's bearer token, each with a deadline so a hung server never hangs the agent.
 */
public final class AgentHttp {

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final String userAgent;
    private final Duration requestTimeout;
    /** Stateless once configured, so one is shared by the client and the replies it reads. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param server         the server's base URL, e.g. {@code https://onduty.example.gov.vn}; a path prefix is kept
     * @param token          the agent's bearer token ({@code agt_...})
     * @param connectTimeout how long to wait for a TCP/TLS connection
     * @param requestTimeout how long to wait for a whole answer
     */
    public AgentHttp(URI server, String token, String agentVersion, Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(server, "server");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        String url = server.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Bearer " + token;
        this.userAgent = "onduty-agent/" + agentVersion;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // Plain HTTP/1.1: a request every few seconds on a kept-alive connection needs nothing more,
                // and it spares proxies in front of the server an h2c upgrade they may mishandle.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public ObjectMapper json() {
        return JSON;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path, requestTimeout).GET().build());
    }

    /** A conditional GET: the server answers 304 while its entity still has this tag. */
    public Reply getIfNoneMatch(String path, String entityTag) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, requestTimeout).GET();
        if (entityTag != null) {
            request.header("If-None-Match", entityTag);
        }
        return send(request.build());
    }

    /** Downloads bytes of the given type, e.g. a camera snapshot as image/jpeg; an error answer's body is its text. */
    public Download getBytes(String path, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request(path, requestTimeout).setHeader("Accept", accept + ", application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.body());
    }

    /** A download: the bytes when {@code status} is 2xx, else the error body, which {@link #reply} reads. */
    public record Download(int status, byte[] body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public Reply reply() {
            return new Reply(status, new String(body, StandardCharsets.UTF_8), Optional.empty());
        }
    }

    /** Uploads bytes of the given type, e.g. a camera snapshot as image/jpeg. */
    public Reply put(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path, requestTimeout)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    public Reply post(String path, Object body) throws IOException, InterruptedException {
        return post(path, JSON.writeValueAsBytes(body), requestTimeout);
    }

    public Reply post(String path, byte[] jsonBody, Duration timeout) throws IOException, InterruptedException {
        return send(request(path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonBody))
                .build());
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After"));
    }

    /**
     * A network failure in words: the JDK's often carry no message (a refused connection is just
     * "ConnectException"), so the exception's kind is always part of it.
     */
    public static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** A server's answer: status, body, and the error body's parts when there is one. */
    public record Reply(int status, String body, Optional<String> retryAfter) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode bodyJson() throws JsonProcessingException {
            return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
        }

        /** The {@code message} of the server's error body, or the raw body when it is not one. */
        public String message() {
            try {
                JsonNode message = bodyJson().path("message");
                if (message.isTextual()) {
                    return message.asText();
                }
            } catch (JsonProcessingException e) {
                // Not the error body (a proxy's HTML page, say): the raw text says more than nothing.
            }
            String raw = body == null ? "" : body.strip();
            return raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
        }

        /** The {@code details} of the server's error body; empty when absent or unreadable. */
        public List<String> details() {
            List<String> details = new ArrayList<>();
            try {
                for (JsonNode detail : bodyJson().path("details")) {
                    details.add(detail.asText());
                }
            } catch (JsonProcessingException e) {
                // No details to report; callers treat this like an error body without them.
            }
            return details;
        }

        /** Seconds from a {@code Retry-After: <seconds>} header; the HTTP-date form is not used by our server. */
        public Optional<Duration> retryAfterDuration() {
            return retryAfter.flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public String toString() {
            return status + " " + message();
        }
    }
}
