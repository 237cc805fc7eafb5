package vn.onduty.server.login;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.db.PgNotifications;

/**
 * The agents behind the bearer tokens this server instance has resolved, kept in memory: every agent request (a
 * heartbeat every 15 s, a command poll, a camera-list check) would otherwise look its token up first, the largest
 * single cost of an idle fleet after the request's own work.
 * <p>
 * What keeps it right: a change to an agent that could refuse or re-attribute its token (deactivation, a new token,
 * another site or name) notifies channel {@value #CHANNEL} at commit (a trigger on {@code device_agent}, migration
 * 0260), and every instance forgets that agent when the notification arrives, milliseconds after the commit; the
 * instance that made the change forgets it before answering the admin ({@link #forget}), so there the old token is
 * refused at once. An entry is used only while the notification connection listens: when it is down, or was down
 * (notifications may have been missed), every token is looked up again. A lookup that raced with a notification is
 * not kept (the notifications are counted: an entry is stored only if none arrived while it was read). And no entry
 * is used for longer than {@link #LONGEST}, whatever happens.
 */
public final class AgentTokens implements PgNotifications.Listener {

    public static final String CHANNEL = "device_agent";
    /** The longest an entry is believed without looking again, even with every notification delivered. */
    static final Duration LONGEST = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(AgentTokens.class);

    private final Jdbi jdbi;
    private final BooleanSupplier listening;
    private final Map<String, Entry> byTokenHash = new ConcurrentHashMap<>();
    /** Notifications and reconnections seen: a lookup during which this moved may be stale and is not kept. */
    private final AtomicLong changes = new AtomicLong();

    private record Entry(AgentRow agent, long readAtNanos) {}

    /**
     * @param listening whether the notification connection listens now ({@link PgNotifications#listening()})
     */
    public AgentTokens(Jdbi jdbi, BooleanSupplier listening) {
        this.jdbi = jdbi;
        this.listening = listening;
    }

    /**
     * The active agent whose token has this SHA-256 hash, if any. Looked up (not held), the agent's last contact is
     * written in the same statement when it is {@code touchEvery} old.
     */
    public Optional<AgentRow> find(byte[] tokenHash, Instant now, Duration touchEvery) {
        String key = HexFormat.of().formatHex(tokenHash);
        long nanos = System.nanoTime();
        boolean trusted = listening.getAsBoolean();
        Entry known = byTokenHash.get(key);
        if (known != null && trusted && nanos - known.readAtNanos() < LONGEST.toNanos()) {
            return Optional.of(known.agent());
        }
        long before = changes.get();
        // Last contact, repeated within the minute by the agent's next request: its commit does not wait for the disk.
        Optional<AgentRow> agent = jdbi.withExtension(AgentLoginDao.class,
                dao -> dao.findAndTouch(tokenHash, now, touchEvery.toSeconds()));
        if (agent.isPresent() && trusted) {
            // Stored, then checked: a notification counted after the check forgets the entry after this stored it.
            Entry entry = new Entry(agent.get(), nanos);
            byTokenHash.put(key, entry);
            if (changes.get() != before) {
                byTokenHash.remove(key, entry);
            }
        } else {
            byTokenHash.remove(key);
        }
        return agent;
    }

    /** The agent's last contact was written: later requests need not write it again within the minute. */
    void seen(byte[] tokenHash, AgentRow touched) {
        byTokenHash.computeIfPresent(HexFormat.of().formatHex(tokenHash),
                (k, e) -> e.agent().id() == touched.id() ? new Entry(touched, e.readAtNanos()) : e);
    }

    /** Forgets the agent at once: its token, site or name changed on this instance, or was told to by another. */
    public void forget(long agentId) {
        changes.incrementAndGet();
        byTokenHash.values().removeIf(e -> e.agent().id() == agentId);
    }

    /** How many tokens are held now. */
    public int size() {
        return byTokenHash.size();
    }

    @Override
    public void notified(String payload) {
        try {
            forget(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warn("Forgetting every agent token on the notification {} on {}: not an agent id", payload, CHANNEL);
            reconnected();
        }
    }

    /** Notifications may have been missed while the connection was down: every token is looked up again. */
    @Override
    public void reconnected() {
        changes.incrementAndGet();
        byTokenHash.clear();
    }
}
