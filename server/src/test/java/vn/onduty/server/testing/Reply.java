package vn.onduty.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.HttpCookie;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;

/** What the server answered: status, headers and body, with the body readable as JSON. */
public record Reply(String request, int status, HttpHeaders headers, String body) {

    public JsonNode json() {
        try {
            return Api.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(request + " answered " + status + " with a body that is not JSON: " + body, e);
        }
    }

    /** The id of a created or read record. */
    public long id() {
        return json().get("id").asLong();
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The raw {@code Set-Cookie} header that sets {@code name}, to check its attributes. */
    public Optional<String> setCookie(String name) {
        return headers.allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }

    public Optional<String> cookieValue(String name) {
        return setCookie(name).map(c -> HttpCookie.parse(c).get(0).getValue());
    }

    public List<String> setCookies() {
        return headers.allValues("Set-Cookie");
    }

    @Override
    public String toString() {
        return request + " -> " + status + " " + body;
    }
}
