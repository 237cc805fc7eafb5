package vn.onduty.server.testing;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device agent as the tests drive it: registered by an admin on a site, then speaking
 * docs/agent-protocol.md with its own bearer token through {@link #api()}.
 */
public final class DeviceAgent {

    /** The stream that arranging helpers ({@link Fingerprints}) use, so they never take a test's seq numbers. */
    public static final String FIXTURE_STREAM = "fixture";

    private final long id;
    private final String token;
    private final Api api;
    private final AtomicLong fixtureSeq = new AtomicLong();

    private DeviceAgent(long id, String token, Api api) {
        this.id = id;
        this.token = token;
        this.api = api;
    }

    public static DeviceAgent register(DropwizardAppExtension<?> app, Api admin, long siteId) {
        Reply r = Org.anAgent(siteId).create(admin);
        String token = r.json().get("token").asText();
        return new DeviceAgent(r.json().get("agent").get("id").asLong(), token, Api.at(app).as(token));
    }

    public long id() {
        return id;
    }

    public String token() {
        return token;
    }

    public Api api() {
        return api;
    }

    /** The next seq on {@link #FIXTURE_STREAM}. */
    public long nextFixtureSeq() {
        return fixtureSeq.incrementAndGet();
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
    public Reply deliver(List<Map<String, Object>> events) {
        Reply r = send(events);
        if (r.status() != 200) {
            throw new AssertionError("Delivering " + events + " answered " + r);
        }
        return r;
    }

    @SafeVarargs
    public final Reply deliver(Map<String, Object>... events) {
        return deliver(List.of(events));
    }

    public Reply heartbeat(Map<String, Object> heartbeat) {
        return api.post("/api/agent/heartbeat", heartbeat);
    }
}
