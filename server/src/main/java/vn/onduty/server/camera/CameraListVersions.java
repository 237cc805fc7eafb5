package vn.onduty.server.camera;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.PgNotifications;

/**
 * The version of each agent's camera list (the ETag of {@code GET /api/agent/cameras}) this server instance has
 * read, kept in memory: every heartbeat answers it, and computing it (a digest of the agent's cameras, zones and
 * counter names) was a third of a steady heartbeat's PostgreSQL time (docs/benchmarks.md, "Fleet").
 * <p>
 * What keeps it right, as {@code login.AgentTokens}: a change to anything in an agent's list notifies channel
 * {@value #CHANNEL} with the agent's id at commit (triggers on camera, camera_zone and counter, migration 0264), and
 * every instance forgets that agent's version when the notification arrives. A version is used only while the
 * notification connection listens, and none is kept when it is down or was down; one read while a notification
 * arrived is not kept; and none is used for longer than {@link #LONGEST}. Between a change's commit and its
 * notification (milliseconds) a heartbeat may still answer the old version: the agent learns of the change with its
 * next heartbeat, 15 s later.
 */
public final class CameraListVersions implements PgNotifications.Listener {

    public static final String CHANNEL = "camera_list";
    /** The longest a version is believed without reading it again, even with every notification delivered. */
    static final Duration LONGEST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(CameraListVersions.class);

    private final BooleanSupplier listening;
    private final LongSupplier nanos;
    private final Map<Long, Entry> byAgent = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    private record Entry(String version, long readAtNanos) {}

    /** A read about to start: hand it back to {@link #remember} with what it read. */
    public record Read(long agentId, long changesBefore, long atNanos) {}

    /**
     * @param listening whether the notification connection listens now ({@link PgNotifications#listening()})
     */
    public CameraListVersions(BooleanSupplier listening) {
        this(listening, System::nanoTime);
    }

    CameraListVersions(BooleanSupplier listening, LongSupplier nanos) {
        this.listening = listening;
        this.nanos = nanos;
    }

    /** The agent's version as last read, or null when it must be read (unknown, too old, or not trusted now). */
    public String known(long agentId) {
        Entry e = byAgent.get(agentId);
        if (e == null || !listening.getAsBoolean()) {
            return null;
        }
        if (nanos.getAsLong() - e.readAtNanos() >= LONGEST.toNanos()) {
            // Too old: read again (and an agent that stopped asking leaves nothing behind).
            byAgent.remove(agentId, e);
            return null;
        }
        return e.version();
    }

    /** Call before reading an agent's version from the database. */
    public Read reading(long agentId) {
        return new Read(agentId, changes.get(), nanos.getAsLong());
    }

    /** Keeps what {@code read} found, unless a notification arrived meanwhile or nobody listens. */
    public void remember(Read read, String version) {
        if (version == null || !listening.getAsBoolean()) {
            return;
        }
        Entry entry = new Entry(version, read.atNanos());
        byAgent.put(read.agentId(), entry);
        // Stored, then checked: a notification counted after the check forgets the entry after this stored it.
        if (changes.get() != read.changesBefore()) {
            byAgent.remove(read.agentId(), entry);
        }
    }

    /** Forgets the agent's version: its list changed. */
    public void forget(long agentId) {
        changes.incrementAndGet();
        byAgent.remove(agentId);
    }

    /** How many versions are held now. */
    public int size() {
        return byAgent.size();
    }

    @Override
    public void notified(String payload) {
        try {
            forget(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warn("Forgetting every camera list version on the notification {} on {}: not an agent id", payload, CHANNEL);
            reconnected();
        }
    }

    /** Notifications may have been missed while the connection was down: every version is read again. */
    @Override
    public void reconnected() {
        changes.incrementAndGet();
        byAgent.clear();
    }
}
