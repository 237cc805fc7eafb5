package vn.onduty.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.HttpCookie;
import java.net.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** The attributes of the cookie set as {@code name}, lower case: "httponly", "secure", "samesite=lax", "max-age=0". */
    public Set<String> cookieAttributes(String name) {
        String header = setCookie(name).orElseThrow(() -> new AssertionError(request + " set no cookie " + name
                + "; it set " + setCookies()));
        return Arrays.stream(header.split(";")).skip(1).map(a -> a.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
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
