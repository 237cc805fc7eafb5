package vn.onduty.server.agentcommand;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.PgNotifications;

/**
 * Agents' command polls that may wait (long polling): a poll with nothing to hand over is held until a command is
 * queued for its agent, on this server instance or another (the insert trigger's NOTIFY on channel
 * {@value #CHANNEL}), or until its wait ends, and then answered. An idle agent thus costs one request per wait
 * instead of one every 2 s, and an enrollment still starts the moment the admin asks.
 * A poll that ends by its wait answers an empty list without asking the database: the agent asks again at once.
 * <p>
 * That next poll does not ask either when the agent is known to be quiet: its last look found nothing, and no command
 * has been queued for it since. Only an insert makes a command appear for an agent (every other change ends one), and
 * every insert notifies, so an idle agent's polls cost no query at all. It is believed only while the notification
 * connection listens and was not down meanwhile, only if no notification arrived while the look ran (they are
 * counted), and for at most {@link #QUIET_LONGEST}.
 */
public final class CommandPolls implements PgNotifications.Listener {

    public static final String CHANNEL = "agent_command";
    /** The longest an agent's quiet is believed without looking again, even with every notification delivered. */
    static final Duration QUIET_LONGEST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(CommandPolls.class);

    private final AgentCommands commands;
    private final Duration longest;
    private final ScheduledExecutorService timeouts;
    private final Executor answering;
    private final Map<Long, Set<Waiting>> waiting = new ConcurrentHashMap<>();
    private final BooleanSupplier listening;
    /** Agents whose last look found nothing and for whom nothing was queued since: when that look was made. */
    private final Map<Long, Long> quietSince = new ConcurrentHashMap<>();
    /** Notifications and reconnections seen: a look during which this moved may be stale and proves no quiet. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong looks = new AtomicLong();

    /**
     * @param longest   the longest a poll is held, whatever it asks ({@code agentCommands.longPollMax})
     * @param timeouts  ends the waits
     * @param answering looks up and answers the polls a notification wakes (off the listening thread)
     * @param listening whether the notification connection listens now ({@link PgNotifications#listening()})
     */
    public CommandPolls(AgentCommands commands, Duration longest, ScheduledExecutorService timeouts, Executor answering,
                        BooleanSupplier listening) {
        this.commands = commands;
        this.longest = longest;
        this.timeouts = timeouts;
        this.answering = answering;
        this.listening = listening;
    }

    /**
     * Answers the agent's poll with its commands: at once when it has some or {@code wait} is zero, else when one is
     * queued or {@code wait} (at most {@code agentCommands.longPollMax}) has passed, with an empty list.
     *
     * @param answer gets the commands, exactly once (or {@code failed} gets why not)
     */
    public void poll(Caller agent, Duration wait, Consumer<List<ListedCommand>> answer, Consumer<Throwable> failed) {
        if (wait.isZero() || wait.isNegative()) {
            answer.accept(look(agent));
            return;
        }
        Waiting w = new Waiting(agent, answer, failed);
        // Registered before looking: a command queued between the look and the wait still wakes it. A notification
        // ends the quiet before it wakes the held polls, so one that comes after this registration wakes this poll.
        waiting.computeIfAbsent(agent.id(), id -> ConcurrentHashMap.newKeySet()).add(w);
        List<ListedCommand> now;
        try {
            now = quiet(agent) ? List.of() : look(agent);
        } catch (RuntimeException e) {
            if (w.claim()) {
                forget(w);
                failed.accept(e);
            }
            return;
        }
        if (!now.isEmpty()) {
            if (w.claim()) {
                forget(w);
                answer.accept(now);
            }
            return;
        }
        Duration held = wait.compareTo(longest) > 0 ? longest : wait;
        w.timeout = timeouts.schedule(() -> {
            if (w.claim()) {
                forget(w);
                answer.accept(List.of());
            }
        }, held.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many polls are held now. */
    public int held() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    /** How many times a poll asked the database for the agent's commands, since the start. */
    public long looks() {
        return looks.get();
    }

    private boolean quiet(Caller agent) {
        Long since = quietSince.get(agent.id());
        return since != null && listening.getAsBoolean() && System.nanoTime() - since < QUIET_LONGEST.toNanos();
    }

    /** The agent's commands from the database, handed over; an empty answer read undisturbed proves it quiet. */
    private List<ListedCommand> look(Caller agent) {
        long before = changes.get();
        long at = System.nanoTime();
        boolean trusted = listening.getAsBoolean();
        looks.incrementAndGet();
        List<ListedCommand> listed = commands.handOver(agent);
        if (listed.isEmpty() && trusted) {
            // Stored, then checked: a notification counted after the check removes the entry after this stored it.
            quietSince.put(agent.id(), at);
            if (changes.get() != before) {
                quietSince.remove(agent.id(), at);
            }
        } else {
            quietSince.remove(agent.id());
        }
        return listed;
    }

    @Override
    public void notified(String payload) {
        long agentId;
        try {
            agentId = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            LOG.warn("Looking again for every agent on the notification {} on {}: not an agent id", payload, CHANNEL);
            reconnected();
            return;
        }
        changes.incrementAndGet();
        quietSince.remove(agentId);
        wake(waiting.getOrDefault(agentId, Set.of()));
    }

    /** Notifications may have been missed: no agent is known quiet any more, and every held poll looks again. */
    @Override
    public void reconnected() {
        changes.incrementAndGet();
        quietSince.clear();
        waiting.values().forEach(this::wake);
    }

    private void wake(Set<Waiting> polls) {
        for (Waiting w : List.copyOf(polls)) {
            if (w.claim()) {
                forget(w);
                if (w.timeout != null) {
                    w.timeout.cancel(false);
                }
                answering.execute(() -> {
                    try {
                        w.answer.accept(look(w.agent));
                    } catch (RuntimeException e) {
                        w.failed.accept(e);
                    }
                });
            }
        }
    }

    private void forget(Waiting w) {
        waiting.computeIfPresent(w.agent.id(), (id, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    private static final class Waiting {
        final Caller agent;
        final Consumer<List<ListedCommand>> answer;
        final Consumer<Throwable> failed;
        final AtomicBoolean answered = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Waiting(Caller agent, Consumer<List<ListedCommand>> answer, Consumer<Throwable> failed) {
            this.agent = agent;
            this.answer = answer;
            this.failed = failed;
        }

        /** Whether this caller is the one to answer the poll. */
        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }
}
