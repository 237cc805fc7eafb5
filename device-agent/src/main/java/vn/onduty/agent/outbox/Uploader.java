package vn.onduty.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.http.AgentHttp;

/**
 * Delivers the outbox to the server's {@code POST /api/agent/events}, oldest events first, on its own
 * thread. An event leaves the outbox only when the server has acknowledged it, or, when the server
 * refuses it as invalid, by moving to the outbox's rejected table; a failure of any other kind keeps
 * everything and retries with backoff. Because the server stores events idempotently by
 * {@code (stream, seq)}, re-sending after a lost answer is harmless.
 */
public final class Uploader implements AutoCloseable {

    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The server answers 413 above this many events per request. */
    public static final int MAX_BATCH_SIZE = 1000;
    static final String PATH = "/api/agent/events";

    private static final Logger log = LoggerFactory.getLogger(Uploader.class);
    private static final Pattern EVENT_INDEX = Pattern.compile("^events\\[(\\d+)]");
    /** A server asking for more than this (Retry-After) is probably misconfigured; punches should not wait hours. */
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

    /**
     * @param batchSize      events per request, 1..1000
     * @param initialBackoff the first retry waits up to this long
     * @param maxBackoff     retries never wait longer than this
     * @param idleWait       how long the thread sleeps on an empty outbox before looking again; an emit wakes it sooner
     * @param flushOnClose   how long {@link #close} may spend delivering what is left, when the server is reachable
     */
    public record Settings(int batchSize, Duration initialBackoff, Duration maxBackoff, Duration idleWait,
                           Duration flushOnClose) {

        public Settings {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
            }
        }

        /** 500 events a request, backoff from 0.5 s doubling to 60 s. */
        public static Settings defaults() {
            return new Settings(DEFAULT_BATCH_SIZE, Duration.ofMillis(500), Duration.ofSeconds(60),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
        }

        public Settings withBatchSize(int size) {
            return new Settings(size, initialBackoff, maxBackoff, idleWait, flushOnClose);
        }

        public Settings withBackoff(Duration initial, Duration max) {
            return new Settings(batchSize, initial, max, idleWait, flushOnClose);
        }
    }

    /**
     * What the health endpoint and the heartbeat show.
     *
     * @param lastError the most recent failure or refusal, kept after later successes so an operator can
     *                  still read what happened; {@code consecutiveFailures == 0} says it is over
     */
    public record Stats(long pending, long rejected, long delivered, Instant lastSuccessAt, String lastError,
                        Instant lastErrorAt, int consecutiveFailures, int batchSize) {
    }

    /** What one attempt did. */
    public enum Outcome {
        /** Nothing was pending. */
        IDLE,
        /** The server stored the batch; it left the outbox. */
        DELIVERED,
        /** The server refused events as invalid; they moved to the rejected table, the rest stays queued. */
        REJECTED,
        /** The batch was too large or its poison event unnamed; the next attempt sends fewer events. */
        SHRUNK,
        /** Nothing changed; retry after a backoff. */
        FAILED
    }

    private final Outbox outbox;
    private final AgentHttp http;
    private final Settings settings;
    private final Clock clock;
    private final Backoff backoff;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile int batchSize;
    private volatile Instant lastSuccessAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile long delivered;
    private volatile Duration nextWait = Duration.ZERO;

    public Uploader(Outbox outbox, AgentHttp http, Settings settings, Clock clock) {
        this(outbox, http, settings, clock, RandomGenerator.getDefault());
    }

    public Uploader(Outbox outbox, AgentHttp http, Settings settings, Clock clock, RandomGenerator random) {
        this.outbox = outbox;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
        this.batchSize = settings.batchSize();
    }

    /** Starts the delivery thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        Thread t = new Thread(this::loop, "outbox-uploader");
        // The agent's shutdown hook stops and flushes it; being a daemon keeps it from pinning a dying JVM.
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public Stats stats() {
        return new Stats(outbox.pendingCount(), outbox.rejectedCount(), delivered, lastSuccessAt, lastError,
                lastErrorAt, backoff.failures(), batchSize);
    }

    /**
     * Stops the thread, then, if the server answered the last attempt, spends up to
     * {@code flushOnClose} delivering what is left. Whatever is not delivered stays in the outbox.
     */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.flushOnClose().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        flush(settings.flushOnClose());
    }

    private void flush(Duration within) {
        if (backoff.failures() > 0) {
            // The server did not answer a moment ago; trying again would only delay the shutdown.
            return;
        }
        Instant deadline = clock.instant().plus(within);
        try {
            while (outbox.pendingCount() > 0) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                Outcome outcome = deliverOnce(left);
                if (outcome == Outcome.FAILED || outcome == Outcome.IDLE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Last delivery before shutdown failed; the events stay in the outbox: {}", e.getMessage());
        }
        long left = outbox.pendingCount();
        if (left > 0) {
            log.info("{} events stay in the outbox {} for the next start", left, outbox.file());
        }
    }

    private void loop() {
        while (running) {
            try {
                if (!outbox.awaitPending(settings.idleWait())) {
                    continue;
                }
                if (deliverOnce() == Outcome.FAILED) {
                    Thread.sleep(Math.max(1, nextWait.toMillis()));
                }
            } catch (InterruptedException e) {
                // close() interrupts a wait or a request in flight; the loop condition decides whether to stop.
            } catch (RuntimeException e) {
                // The outbox itself failed (disk full, I/O error): this thread is the only one that delivers,
                // so it must outlive the failure and try again later.
                log.error("Uploader: {}", e.getMessage(), e);
                recordFailure("outbox: " + e.getMessage(), null);
                try {
                    Thread.sleep(Math.max(1, nextWait.toMillis()));
                } catch (InterruptedException stop) {
                    // Stopping: see above.
                }
            }
        }
    }

    /** One attempt: sends up to the current batch size of the oldest pending events and applies the answer. */
    public Outcome deliverOnce() throws InterruptedException {
        return deliverOnce(null);
    }

    private synchronized Outcome deliverOnce(Duration timeout) throws InterruptedException {
        List<OutboxEvent> batch = outbox.pending(batchSize);
        if (batch.isEmpty()) {
            return Outcome.IDLE;
        }
        AgentHttp.Reply reply;
        try {
            List<Map<String, Object>> wire = new ArrayList<>(batch.size());
            for (OutboxEvent event : batch) {
                wire.add(event.toWire());
            }
            byte[] body = http.json().writeValueAsBytes(Map.of("events", wire));
            reply = http.post(PATH, body, timeout == null ? http.requestTimeout() : timeout);
        } catch (IOException e) {
            return recordFailure("cannot reach " + http.uri(PATH) + ": " + AgentHttp.describe(e), null);
        }
        return switch (reply.status()) {
            case 200 -> acknowledged(batch, reply);
            // Revoked or rotated token: nothing is dropped, an admin has to act, so say it at ERROR each time.
            case 401, 403 -> recordFailure("the server refused the agent's token (" + reply + "); events stay in "
                    + "the outbox; check server.token in agent.yml against the agent on /admin/agents", null, true);
            case 413 -> tooLarge(batch, reply);
            case 422 -> refused(batch, reply);
            default -> recordFailure("server answered " + reply, reply.status() == 429 || reply.status() >= 500
                    ? reply.retryAfterDuration().orElse(null) : null);
        };
    }

    private Outcome acknowledged(List<OutboxEvent> batch, AgentHttp.Reply reply) {
        JsonNode acknowledged;
        try {
            acknowledged = reply.bodyJson().path("acknowledged");
        } catch (JsonProcessingException e) {
            return recordFailure("unreadable acknowledgement: " + reply.message(), null);
        }
        List<OutboxEvent> stored = new ArrayList<>(batch.size());
        for (OutboxEvent event : batch) {
            JsonNode upTo = acknowledged.path(event.stream());
            if (upTo.canConvertToLong() && event.seq() <= upTo.asLong()) {
                stored.add(event);
            }
        }
        outbox.acknowledge(stored);
        delivered += stored.size();
        if (stored.size() < batch.size()) {
            // The contract says every event of an accepted batch is stored; if the answer does not cover
            // some, keeping them is safe (re-sending is idempotent) and dropping them might lose punches.
            return recordFailure("server acknowledged " + stored.size() + " of " + batch.size() + " events: "
                    + reply.body(), null);
        }
        recordSuccess(batch.size());
        // Grow back after a 413 halved the batch: the large events that caused it have probably gone.
        batchSize = Math.min(settings.batchSize(), batchSize * 2);
        return Outcome.DELIVERED;
    }

    private Outcome tooLarge(List<OutboxEvent> batch, AgentHttp.Reply reply) {
        if (batch.size() == 1) {
            // A single event over the server's byte limit can never be delivered; it must not block the rest.
            return reject(batch.get(0), "server refused it as too large (413): " + reply.message());
        }
        batchSize = Math.max(1, batch.size() / 2);
        log.warn("Server refused a batch of {} events as too large ({}); sending {} at a time",
                batch.size(), reply.message(), batchSize);
        return Outcome.SHRUNK;
    }

    /**
     * The server refused the whole batch because of invalid events, named by index in {@code details}
     * ({@code "events[3].slot: must be 0 or more"}). Those move to the rejected table and the rest is
     * re-sent. When no detail names an event, halving the batch narrows down to the culprit.
     */
    private Outcome refused(List<OutboxEvent> batch, AgentHttp.Reply reply) {
        Map<Integer, List<String>> byIndex = new TreeMap<>();
        for (String detail : reply.details()) {
            Matcher m = EVENT_INDEX.matcher(detail);
            if (m.find()) {
                int index = Integer.parseInt(m.group(1));
                if (index < batch.size()) {
                    byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(detail);
                }
            }
        }
        if (byIndex.isEmpty()) {
            if (batch.size() == 1) {
                return reject(batch.get(0), "server refused it (422): " + reply.message() + " " + reply.details());
            }
            batchSize = Math.max(1, batch.size() / 2);
            log.warn("Server refused a batch of {} events without naming the invalid one ({}); sending {} at a time "
                    + "to find it", batch.size(), reply.message(), batchSize);
            return Outcome.SHRUNK;
        }
        Map<OutboxEvent, String> poison = new LinkedHashMap<>();
        byIndex.forEach((index, details) -> poison.put(batch.get(index), String.join("; ", details)));
        poison.forEach(this::reject);
        return Outcome.REJECTED;
    }

    private Outcome reject(OutboxEvent event, String reason) {
        outbox.reject(event, reason);
        String message = "event " + event.key() + " (" + event.type() + ") refused: " + reason;
        log.error("Server refused event {} {}: {}; moved it to the rejected table of {} so the rest can flow",
                event.key(), event.toWire(), reason, outbox.file());
        lastError = message;
        lastErrorAt = clock.instant();
        // The server answered and the queue moves again: not a failure to back off from.
        backoff.reset();
        return Outcome.REJECTED;
    }

    private void recordSuccess(int count) {
        int failures = backoff.failures();
        if (failures > 0) {
            log.info("Delivered {} events; the server accepts events again after {} failed attempts", count, failures);
        } else {
            log.debug("Delivered {} events", count);
        }
        backoff.reset();
        lastSuccessAt = clock.instant();
    }

    private Outcome recordFailure(String message, Duration retryAfter) {
        return recordFailure(message, retryAfter, false);
    }

    /** @param needsAdmin the failure will not heal by itself, so it is logged at ERROR every time */
    private Outcome recordFailure(String message, Duration retryAfter, boolean needsAdmin) {
        boolean newKind = !message.equals(lastError);
        // The error is in place before the failure count moves, so whoever sees the count sees why.
        lastError = message;
        lastErrorAt = clock.instant();
        Duration wait = backoff.next();
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter;
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        nextWait = wait;
        int failures = backoff.failures();
        if (needsAdmin) {
            log.error("Delivery failed ({} in a row, {} pending, next try in {} ms): {}", failures,
                    outbox.pendingCount(), wait.toMillis(), message);
        } else if (failures == 1 || failures % 10 == 0 || newKind) {
            // First failure, a new kind of failure, and every tenth: enough to notice, not a log per second.
            log.warn("Delivery failed ({} in a row, {} pending, next try in {} ms): {}", failures,
                    outbox.pendingCount(), wait.toMillis(), message);
        }
        return Outcome.FAILED;
    }
}
