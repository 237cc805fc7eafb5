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
 * A poll that ends by its wait answers an empty list without asking the database: the agent asks again at once, and
 * that poll looks.
 */
public final class CommandPolls implements PgNotifications.Listener {

    public static final String CHANNEL = "agent_command";
    private static final Logger LOG = LoggerFactory.getLogger(CommandPolls.class);

    private final AgentCommands commands;
    private final Duration longest;
    private final ScheduledExecutorService timeouts;
    private final Executor answering;
    private final Map<Long, Set<Waiting>> waiting = new ConcurrentHashMap<>();

    /**
     * @param longest   the longest a poll is held, whatever it asks ({@code agentCommands.longPollMax})
     * @param timeouts  ends the waits
     * @param answering looks up and answers the polls a notification wakes (off the listening thread)
     */
    public CommandPolls(AgentCommands commands, Duration longest, ScheduledExecutorService timeouts, Executor answering) {
        this.commands = commands;
        this.longest = longest;
        this.timeouts = timeouts;
        this.answering = answering;
    }

    /**
     * Answers the agent's poll with its commands: at once when it has some or {@code wait} is zero, else when one is
     * queued or {@code wait} (at most {@code agentCommands.longPollMax}) has passed, with an empty list.
     *
     * @param answer gets the commands, exactly once (or {@code failed} gets why not)
     */
    public void poll(Caller agent, Duration wait, Consumer<List<ListedCommand>> answer, Consumer<Throwable> failed) {
        if (wait.isZero() || wait.isNegative()) {
            answer.accept(commands.handOver(agent));
            return;
        }
        Waiting w = new Waiting(agent, answer, failed);
        // Registered before looking: a command queued between the look and the wait still wakes it.
        waiting.computeIfAbsent(agent.id(), id -> ConcurrentHashMap.newKeySet()).add(w);
        List<ListedCommand> now;
        try {
            now = commands.handOver(agent);
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

    @Override
    public void notified(String payload) {
        long agentId;
        try {
            agentId = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring the notification {} on {}: not an agent id", payload, CHANNEL);
            return;
        }
        wake(waiting.getOrDefault(agentId, Set.of()));
    }

    /** Notifications may have been missed: every held poll looks again. */
    @Override
    public void reconnected() {
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
                        w.answer.accept(commands.handOver(w.agent));
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
