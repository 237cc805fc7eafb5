package vn.onduty.agent.fingerprint;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.outbox.EventSink;

/**
 * Watches one fingerprint sensor on its own thread and turns touches into events: connect
 * (VfyPwd, ReadSysPara for the real capacity, TemplateNum), poll GenImg, and for each new finger
 * Img2Tz + HighSpeedSearch over the whole library, then {@code punch} or {@code unrecognised_touch}.
 * One touch gives one event: the loop waits for the finger to be lifted before reading again, and
 * a slot matched again within the duplicate window is only counted. A port that vanishes or a module
 * that stops answering is reconnected with capped exponential backoff; the thread lives until
 * {@link #close()}. Enrollment and slot deletion run on the same thread between polls, because the
 * module serves one conversation at a time; their instructions that are safe to repeat are sent again
 * after a lost or corrupt reply, so a noisy line slows an enrollment down instead of failing it.
 */
public final class SensorLoop implements AutoCloseable {

    public static final String STREAM = "fingerprint";
    private static final Logger LOG = LoggerFactory.getLogger(SensorLoop.class);
    /** Timeouts in a row, each followed by a resync, before the module is taken for gone. */
    private static final int MAX_CONSECUTIVE_FAILURES = 3;
    /**
     * Times an instruction that is safe to repeat is sent again after its reply was lost or corrupt, before its
     * step fails (DESIGN.md section 4: long USB-TTL leads and RS-485 converters lose the odd reply).
     */
    static final int SAFE_RETRIES = 3;
    /** Command ids remembered, so the agent's command poller may hand the same command over again. */
    private static final int REMEMBERED_COMMANDS = 256;

    /** An admin command that cannot go on (nobody placed a finger); the sensor itself is fine. */
    private static final class CommandFailure extends SensorException {
        CommandFailure(String message) {
            super(message);
        }
    }

    /** One instruction to the module, with its reply read into what the step needs. */
    private interface Exchange<T> {
        T run(SensorClient client) throws SensorException;
    }

    private interface TaskBody {
        CommandResult run(SensorClient client) throws SensorException, InterruptedException;
    }

    /**
     * @param usesFinger whether the command reads fingers, so the last one may still rest on the window
     */
    private record Task(long commandId, String resultType, Integer slot, boolean usesFinger, TaskBody body,
                        CompletableFuture<CommandResult> result) {
    }

    private final SensorSettings settings;
    private final LinkOpener opener;
    private final EventSink sink;
    private final Clock clock;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Map<Long, CompletableFuture<CommandResult>> commands = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<CommandResult>> eldest) {
            return size() > REMEMBERED_COMMANDS;
        }
    };
    /** Slot → agent time of its last emitted punch; touched only by the loop thread. */
    private final Map<Integer, Instant> lastPunchBySlot = new HashMap<>();
    /**
     * A touch was read and the finger has not been seen lifted. Kept across reconnects: a finger still
     * resting on the window after a USB hiccup is the same touch and must not give a second event.
     */
    private boolean awaitingLift;
    private final AtomicLong unrecognisedTouches = new AtomicLong();
    private final AtomicLong duplicatesIgnored = new AtomicLong();
    private final Thread thread;
    private final Object statusLock = new Object();
    private volatile boolean running;
    private SensorClient client;
    private boolean connected;
    private int capacity;
    private int templates;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastMatchAt;

    public SensorLoop(SensorSettings settings, EventSink sink, Clock clock) {
        this(settings, SerialPortLink::open, sink, clock);
    }

    public SensorLoop(SensorSettings settings, LinkOpener opener, EventSink sink, Clock clock) {
        this.settings = settings;
        this.opener = opener;
        this.sink = sink;
        this.clock = clock;
        this.thread = new Thread(this::run, "fingerprint-" + settings.name());
        thread.setDaemon(true);
    }

    public String name() {
        return settings.name();
    }

    public SensorSettings settings() {
        return settings;
    }

    public void start() {
        running = true;
        thread.start();
    }

    public SensorStatus status() {
        synchronized (statusLock) {
            return new SensorStatus(settings.name(), settings.port(), connected, capacity, templates,
                    unrecognisedTouches.get(), duplicatesIgnored.get(), lastError, lastErrorAt, lastMatchAt);
        }
    }

    /**
     * Queues an enrollment: two reads of one finger merged and stored in the first free slot. Steps go
     * to {@code listener}; the outcome is emitted as {@code enrollment_result} and completes the future.
     * Asking again for a command id still remembered returns the first request's future.
     */
    public CompletableFuture<CommandResult> enroll(long commandId, ProgressListener listener) {
        return submit(commandId, "enrollment_result", null, true, c -> enrollNow(c, commandId, listener));
    }

    /** Queues deleting one slot's template; emitted as {@code slot_deleted}. Repeated ids as for {@link #enroll}. */
    public CompletableFuture<CommandResult> deleteSlot(long commandId, int slot) {
        return submit(commandId, "slot_deleted", slot, false, c -> deleteNow(c, commandId, slot));
    }

    /** Stops the thread and closes the port; queued commands fail with "agent stopping". */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<CommandResult> submit(long commandId, String resultType, Integer slot, boolean usesFinger, TaskBody body) {
        synchronized (commands) {
            CompletableFuture<CommandResult> known = commands.get(commandId);
            if (known != null) {
                return known;
            }
            CompletableFuture<CommandResult> result = new CompletableFuture<>();
            commands.put(commandId, result);
            tasks.add(new Task(commandId, resultType, slot, usesFinger, body, result));
            return result;
        }
    }

    private void run() {
        Duration backoff = settings.reconnectMin();
        try {
            while (running) {
                try {
                    connect();
                    backoff = settings.reconnectMin();
                    pollUntilFailure();
                } catch (SensorException e) {
                    recordError(e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("sensor {} loop failed unexpectedly", settings.name(), e);
                    recordError("unexpected " + e);
                }
                disconnect();
                if (!running) {
                    break;
                }
                LOG.info("sensor {}: reconnecting in {} ms", settings.name(), backoff.toMillis());
                failTasksFor(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : backoff.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
            Task task;
            while ((task = tasks.poll()) != null) {
                finish(task, CommandResult.failure(task.commandId(), task.slot(), "agent stopping"));
            }
        }
    }

    private void connect() throws SensorException, InterruptedException {
        SensorLink link;
        try {
            link = opener.open(settings.port(), settings.baudRate());
        } catch (IOException e) {
            throw new SensorLinkException("cannot open " + settings.port() + ": " + e.getMessage(), e);
        }
        client = new SensorClient(link, settings.address());
        SystemParameters parameters = client.handshake(settings.password(), settings.handshakeAttempts(), Duration.ofMillis(100));
        if (parameters.capacity() < 1) {
            throw new SensorException("module reports a library of " + parameters.capacity() + " templates");
        }
        int count = client.templateCount();
        synchronized (statusLock) {
            capacity = parameters.capacity();
            templates = count;
            connected = true;
        }
        LOG.info("sensor {} connected on {}: capacity {}, {} templates", settings.name(), settings.port(), parameters.capacity(), count);
    }

    private void disconnect() {
        synchronized (statusLock) {
            connected = false;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** Polls until the link fails or the module stays silent through several resyncs. */
    private void pollUntilFailure() throws SensorException, InterruptedException {
        int unreadable = 0;
        int failures = 0;
        while (running) {
            Task task = tasks.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            try {
                if (task != null) {
                    runTask(task);
                    // The enrolled finger may still rest on the window; it must not punch.
                    awaitingLift |= task.usesFinger();
                } else {
                    Confirmation image = client.genImg();
                    if (image == Confirmation.NO_FINGER) {
                        awaitingLift = false;
                        unreadable = 0;
                    } else if (image == Confirmation.OK && !awaitingLift) {
                        if (readTouch()) {
                            awaitingLift = true;
                            unreadable = 0;
                        } else if (++unreadable >= settings.readAttempts()) {
                            emitUnrecognised();
                            awaitingLift = true;
                            unreadable = 0;
                        }
                    }
                }
                failures = 0;
            } catch (SensorLinkException e) {
                throw e;
            } catch (SensorException e) {
                recordError(e.getMessage());
                if (++failures >= MAX_CONSECUTIVE_FAILURES) {
                    throw new SensorException(settings.name() + " stopped answering: " + e.getMessage(), e);
                }
                resync();
            }
        }
    }

    /**
     * Reads the finger on the window and emits what it is.
     *
     * @return false when the image could not be used, so the next poll should read it again
     */
    private boolean readTouch() throws SensorException {
        if (client.img2Tz(1) != Confirmation.OK) {
            return false;
        }
        SearchResult result = client.highSpeedSearch(1, 0, capacity);
        if (result.found()) {
            punch(result);
            return true;
        }
        if (result.confirmation() == Confirmation.NOT_FOUND || result.confirmation() == Confirmation.NO_MATCH) {
            emitUnrecognised();
            return true;
        }
        LOG.debug("sensor {}: search answered {}", settings.name(), Confirmation.describe(result.code()));
        return false;
    }

    private void punch(SearchResult match) {
        Instant now = clock.instant();
        synchronized (statusLock) {
            lastMatchAt = now;
        }
        Instant previous = lastPunchBySlot.get(match.page());
        if (previous != null && now.isBefore(previous.plus(settings.duplicateWindow()))) {
            duplicatesIgnored.incrementAndGet();
            return;
        }
        lastPunchBySlot.values().removeIf(at -> !now.isBefore(at.plus(settings.duplicateWindow())));
        lastPunchBySlot.put(match.page(), now);
        Map<String, Object> fields = fields();
        fields.put("slot", match.page());
        fields.put("score", match.score());
        emit("punch", now, fields);
    }

    private void emitUnrecognised() {
        unrecognisedTouches.incrementAndGet();
        emit("unrecognised_touch", clock.instant(), fields());
    }

    /**
     * Brings the conversation back in step after a timeout or a garbled reply. ReadSysPara is the only
     * instruction with a 16-data-byte reply, so once it is answered every late reply has gone by.
     */
    private void resync() throws SensorException, InterruptedException {
        resync(client);
    }

    private void resync(SensorClient c) throws SensorException, InterruptedException {
        Thread.sleep(settings.pollInterval().toMillis());
        c.handshake(settings.password(), settings.handshakeAttempts(), settings.pollInterval());
    }

    private void runTask(Task task) throws SensorException, InterruptedException {
        CommandResult result;
        try {
            result = task.body().run(client);
        } catch (SensorRejectedException | CommandFailure e) {
            result = CommandResult.failure(task.commandId(), task.slot(), e.getMessage());
        } catch (SensorException e) {
            finish(task, CommandResult.failure(task.commandId(), task.slot(), e.getMessage()));
            throw e;
        }
        finish(task, result);
    }

    private void failTasksFor(Duration pause) throws InterruptedException {
        long deadline = System.nanoTime() + pause.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            Task task = tasks.poll(remaining, TimeUnit.NANOSECONDS);
            if (task != null) {
                String why;
                synchronized (statusLock) {
                    why = "sensor " + settings.name() + " is not connected" + (lastError == null ? "" : ": " + lastError);
                }
                finish(task, CommandResult.failure(task.commandId(), task.slot(), why));
            }
        }
    }

    private void finish(Task task, CommandResult result) {
        Map<String, Object> fields = fields();
        fields.put("commandId", result.commandId());
        fields.put("ok", result.ok());
        if (result.slot() != null) {
            fields.put("slot", result.slot());
        }
        if (!result.ok()) {
            fields.put("error", result.error());
        }
        emit(task.resultType(), clock.instant(), fields);
        task.result().complete(result);
    }

    /**
     * Runs an instruction that is safe to send again: one that only reads or samples (GenImg, Img2Tz, Search,
     * LoadChar, ReadIndexTable, TemplateNum), or one the enrollment's state makes harmless to repeat (after
     * RegModel both buffers hold the merged template, and merging it with itself gives it again; Store writes
     * the same template into the slot this enrollment found free). A lost or
     * corrupt reply shows as a timeout: the conversation is brought back in step ({@link #resync}, whose
     * ReadSysPara reply comes after any late one) and the instruction sent again, up to {@link #SAFE_RETRIES}
     * times, before the step fails saying how often it was tried.
     */
    private <T> T repeatable(SensorClient c, Exchange<T> exchange) throws SensorException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return exchange.run(c);
            } catch (SensorTimeoutException e) {
                if (attempt > SAFE_RETRIES) {
                    throw new SensorTimeoutException(e.getMessage() + " (" + attempt + " attempts)");
                }
                LOG.info("sensor {}: {}; sending it again ({} of {})", settings.name(), e.getMessage(), attempt, SAFE_RETRIES);
                resync(c);
            }
        }
    }

    private CommandResult enrollNow(SensorClient c, long commandId, ProgressListener listener) throws SensorException, InterruptedException {
        report(listener, EnrollmentStep.STARTED, "enrolling on " + settings.name());
        int slot = findFreeSlot(c);
        if (slot < 0) {
            return CommandResult.failure(commandId, null, "library full: all " + capacity + " slots hold a template");
        }
        String lastProblem = null;
        for (int attempt = 1; attempt <= settings.enrollAttempts(); attempt++) {
            if (attempt > 1) {
                report(listener, EnrollmentStep.RETRY, lastProblem + "; attempt " + attempt + " of " + settings.enrollAttempts());
            }
            report(listener, EnrollmentStep.PLACE_FINGER, "place a finger on " + settings.name());
            lastProblem = capture(c, 1);
            if (lastProblem != null) {
                continue;
            }
            SearchResult existing = repeatable(c, x -> x.highSpeedSearch(1, 0, capacity));
            if (existing.found()) {
                return CommandResult.failure(commandId, null, "this finger is already enrolled in slot " + existing.page());
            }
            report(listener, EnrollmentStep.REMOVE_FINGER, "lift the finger");
            awaitLift(c);
            report(listener, EnrollmentStep.PLACE_AGAIN, "place the same finger again");
            lastProblem = capture(c, 2);
            if (lastProblem != null) {
                awaitLift(c);
                continue;
            }
            report(listener, EnrollmentStep.STORING, "storing in slot " + slot);
            Confirmation merged = repeatable(c, SensorClient::regModel);
            if (merged != Confirmation.OK) {
                lastProblem = "the two reads did not match (" + merged.description() + ")";
                awaitLift(c);
                continue;
            }
            Confirmation stored = repeatable(c, x -> x.store(1, slot));
            if (stored != Confirmation.OK) {
                return CommandResult.failure(commandId, null, "storing into slot " + slot + " failed: " + stored.description());
            }
            lastPunchBySlot.remove(slot);
            refreshTemplateCount(c);
            LOG.info("sensor {}: enrolled slot {} for command {}", settings.name(), slot, commandId);
            return CommandResult.success(commandId, slot);
        }
        return CommandResult.failure(commandId, null, "gave up after " + settings.enrollAttempts() + " attempts: " + lastProblem);
    }

    /**
     * First slot below the capacity without a template, or -1 when the library is full: from ReadIndexTable, one
     * frame per 256 slots; by probing slots with LoadChar only when the module refuses ReadIndexTable (older
     * firmware), never because a reply was lost.
     */
    private int findFreeSlot(SensorClient c) throws SensorException, InterruptedException {
        try {
            for (int indexPage = 0; indexPage * Instruction.INDEX_PAGE_TEMPLATES < capacity && indexPage < 4; indexPage++) {
                int page = indexPage;
                BitSet used = repeatable(c, x -> x.readIndexTable(page));
                int first = indexPage * Instruction.INDEX_PAGE_TEMPLATES;
                int free = used.nextClearBit(0);
                if (free < Instruction.INDEX_PAGE_TEMPLATES && first + free < capacity) {
                    return first + free;
                }
            }
            return -1;
        } catch (SensorRejectedException e) {
            LOG.debug("sensor {}: no ReadIndexTable ({}), probing slots with LoadChar", settings.name(), e.getMessage());
        }
        for (int slot = 0; slot < capacity; slot++) {
            int probed = slot;
            Confirmation loaded = repeatable(c, x -> x.loadChar(2, probed));
            if (loaded == Confirmation.BAD_TEMPLATE) {
                return slot;
            }
            if (loaded != Confirmation.OK) {
                // Anything else (e.g. no LoadChar at all) says nothing about the slot; guessing could overwrite someone.
                throw new SensorException("cannot tell which slots are free: LoadChar of slot " + slot + " answered " + loaded.description());
            }
        }
        return -1;
    }

    /**
     * Waits for a finger and turns its image into features in {@code buffer}.
     *
     * @return null when done, else what went wrong, for a retry
     */
    private String capture(SensorClient c, int buffer) throws SensorException, InterruptedException {
        long deadline = System.nanoTime() + settings.fingerTimeout().toNanos();
        while (repeatable(c, SensorClient::genImg) != Confirmation.OK) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure("no finger was placed within " + settings.fingerTimeout().toSeconds() + " s");
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
        Confirmation features = repeatable(c, x -> x.img2Tz(buffer));
        return features == Confirmation.OK ? null : "the image was unclear (" + features.description() + ")";
    }

    private void awaitLift(SensorClient c) throws SensorException, InterruptedException {
        long deadline = System.nanoTime() + settings.fingerTimeout().toNanos();
        while (repeatable(c, SensorClient::genImg) != Confirmation.NO_FINGER) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure("the finger was not lifted within " + settings.fingerTimeout().toSeconds() + " s");
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }

    private CommandResult deleteNow(SensorClient c, long commandId, int slot) throws SensorException, InterruptedException {
        if (slot < 0 || slot >= capacity) {
            return CommandResult.failure(commandId, slot, "slot " + slot + " is outside 0.." + (capacity - 1));
        }
        Confirmation deleted = c.deleteChar(slot, 1);
        if (deleted != Confirmation.OK) {
            return CommandResult.failure(commandId, slot, "DeleteChar answered " + deleted.description());
        }
        lastPunchBySlot.remove(slot);
        refreshTemplateCount(c);
        LOG.info("sensor {}: deleted slot {} for command {}", settings.name(), slot, commandId);
        return CommandResult.success(commandId, slot);
    }

    private void refreshTemplateCount(SensorClient c) throws SensorException, InterruptedException {
        int count = repeatable(c, SensorClient::templateCount);
        synchronized (statusLock) {
            templates = count;
        }
    }

    private void report(ProgressListener listener, EnrollmentStep step, String message) {
        try {
            listener.step(step, message);
        } catch (RuntimeException e) {
            LOG.warn("sensor {}: progress listener failed on {}: {}", settings.name(), step.wireName(), e.toString());
        }
    }

    private Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sensor", settings.name());
        return fields;
    }

    private void emit(String type, Instant at, Map<String, Object> fields) {
        try {
            sink.emit(STREAM, type, at, fields);
        } catch (RuntimeException e) {
            LOG.error("sensor {}: could not store {} event {}", settings.name(), type, fields, e);
            recordError("could not store " + type + " event: " + e.getMessage());
        }
    }

    private void recordError(String message) {
        LOG.warn("sensor {}: {}", settings.name(), message);
        synchronized (statusLock) {
            lastError = message;
            lastErrorAt = clock.instant();
        }
    }
}
