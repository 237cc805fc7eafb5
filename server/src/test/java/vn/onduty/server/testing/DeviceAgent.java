package vn.onduty.server.testing;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.Map;

/**
 * A device agent as the tests drive it: registered by an admin on a site, then speaking
 * docs/agent-protocol.md with its own bearer token. {@code api} is that token's client.
 */
public record DeviceAgent(long id, String token, Api api) {

    public static DeviceAgent register(DropwizardAppExtension<?> app, Api admin, long siteId) {
        Reply r = Org.anAgent(siteId).create(admin);
        String token = r.json().get("token").asText();
        return new DeviceAgent(r.json().get("agent").get("id").asLong(), token, Api.at(app).as(token));
    }

    /** {@code POST /api/agent/events} with these events, in this order. */
    public Reply send(List<Map<String, Object>> events) {
        return api.post("/api/agent/events", Events.batch(events));
    }

    @SafeVarargs
    public final Reply send(Map<String, Object>... events) {
        return send(List.of(events));
    }

    /** Like {@link #send}, insisting on 200: for arranging, not for the behaviour under test. */
    @SafeVarargs
    public final Reply deliver(Map<String, Object>... events) {
        Reply r = send(List.of(events));
        if (r.status() != 200) {
            throw new AssertionError("Delivering " + List.of(events) + " answered " + r);
        }
        return r;
    }

    public Reply heartbeat(Map<String, Object> heartbeat) {
        return api.post("/api/agent/heartbeat", heartbeat);
    }
}
