package vn.onduty.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client for one running server: requests exactly as a client sends them (no redirects
 * followed, no cookies kept), answers as the client receives them. Immutable: {@link #as} and
 * {@link #withHeader} return a new one.
 */
public final class Api {

    public static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final Map<String, String> headers;

    private Api(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    public static Api at(DropwizardAppExtension<?> app) {
        return at(app.getLocalPort());
    }

    public static Api at(int port) {
        return new Api(URI.create("http://localhost:" + port), Map.of());
    }

    /** Sends {@code Authorization: Bearer <token>} from now on. */
    public Api as(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Api(base, h);
    }

    public Api anonymous() {
        return new Api(base, Map.of());
    }

    /** Logs in through {@code POST /api/auth/login} and returns a client that uses the token. */
    public Api loggedInAs(String username, String password) {
        return as(login(username, password));
    }

    public String login(String username, String password) {
        Reply r = anonymous().post("/api/auth/login", Map.of("username", username, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("login of " + username + " answered " + r.status() + ": " + r.body());
        }
        return r.json().get("token").asText();
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, "application/json", toJson(body));
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, "application/json", toJson(body));
    }

    /** POST of a body given byte for byte, e.g. malformed JSON or a form. */
    public Reply postRaw(String path, String contentType, String body) {
        return send("POST", path, contentType, body);
    }

    /** A body given as bytes, e.g. a JPEG. */
    public Reply sendBytes(String method, String path, String contentType, byte[] body) {
        return exchange(method, path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    public Reply send(String method, String path, String contentType, String body) {
        return exchange(method, path, contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private Reply exchange(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (!headers.containsKey("Accept")) {
            b.header("Accept", "application/json");
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(method + " " + path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose answer is a file (XLSX, JPEG): the bytes as sent, with status and headers. */
    public HttpResponse<byte[]> download(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form POST whose answer is a file (the import's initial passwords): the bytes as sent. */
    public HttpResponse<byte[]> downloadPost(String path, String formBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        b.header("Content-Type", "application/x-www-form-urlencoded");
        try {
            return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(formBody)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
