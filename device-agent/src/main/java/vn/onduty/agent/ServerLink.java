package vn.onduty.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.http.AgentHttp;
import vn.onduty.agent.log.Credentials;

/**
 * Everything the agent says to the server besides events: the token check at start
 * ({@code GET /api/agent/me}), the heartbeat ({@code POST /api/agent/heartbeat}), and the command poll
 * ({@code GET /api/agent/commands?wait=25}, long polling: the server holds it until a command is queued; an older server
 * answers at once and is asked again 2 s later) whose commands go to a {@link CommandHandler} with a
 * {@link ProgressReporter} that posts their steps. None of this is durable: a missed heartbeat is
 * replaced by the next one, and a command stays listed until its result event arrives.
 */
public final class ServerLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    /**
     * @param heartbeatEvery time between heartbeats (15 s by the protocol's default)
     * @param pollEvery      the pause before the next command poll after one that was answered at once with nothing
     *                       new (a server without long polling, or one with a command still open) or failed (2 s)
     * @param maxClockSkew   a server clock further off than this gets a warning (60 s)
     * @param commandWait    how long the server may hold a command poll while there is nothing to do (long polling,
     *                       25 s); zero asks for an answer at once, as agents before long polling did
     */
    public record Settings(Duration heartbeatEvery, Duration pollEvery, Duration maxClockSkew, Duration commandWait) {

        public static final Duration DEFAULT_COMMAND_WAIT = Duration.ofSeconds(25);

        public Settings(Duration heartbeatEvery, Duration pollEvery, Duration maxClockSkew) {
            this(heartbeatEvery, pollEvery, maxClockSkew, DEFAULT_COMMAND_WAIT);
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(60));
        }
    }

    /** Who the server says this agent is ({@code GET /api/agent/me}). */
    public record Identity(long agentId, String name, long siteId, Instant serverTime) {
    }

    /**
     * @param answering whether the last heartbeat and the last command poll both got a proper answer
     * @param clockSkew server time minus agent time at the last answer that carried it; null before one
     * @param lastError the most recent failure, kept after recovery so an operator can read what happened
     */
    public record Stats(boolean answering, Instant lastHeartbeatAt, Instant lastPollAt, Duration clockSkew,
                        String lastError) {
    }

    /** The server refused the agent's token: nothing will work until an admin or installer fixes it. */
    public static final class TokenRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        TokenRefusedException(String message) {
            super(message);
        }
    }

    private final AgentHttp http;
    private final StatusSource sensors;
    private final StatusSource cameras;
    private final LongSupplier outboxPending;
    private final CommandHandler commands;
    private final Settings settings;
    private final Clock clock;
    private final String agentVersion;

    private final ScheduledExecutorService schedule = Executors.newScheduledThreadPool(2, daemon("server-link"));
    private final ExecutorService commandThread = Executors.newSingleThreadExecutor(daemon("agent-commands"));
    /** Progress is best effort: a bounded queue, and steps beyond it are dropped rather than piling up offline. */
    private final ThreadPoolExecutor progressThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(100), daemon("command-progress"), new ThreadPoolExecutor.DiscardPolicy());
    /** Command ids already handed over in this run; the server lists a command until its result arrives. */
    private final Set<Long> handedOver = new HashSet<>();

    private volatile Instant lastHeartbeatAt;
    private volatile Instant lastPollAt;
    private volatile Duration clockSkew;
    private volatile String lastError;
    private volatile boolean skewWarned;
    private volatile String heartbeatTrouble;
    private volatile String pollTrouble;
    private volatile boolean lastPollHeld;
    private volatile Consumer<String> camerasAnnounced = version -> { };

    public ServerLink(AgentHttp http, StatusSource sensors, LongSupplier outboxPending, CommandHandler commands,
                      Settings settings, Clock clock, String agentVersion) {
        this(http, sensors, List::of, outboxPending, commands, settings, clock, agentVersion);
    }

    /** @param cameras the cameras' statuses for the heartbeat's {@code cameras} */
    public ServerLink(AgentHttp http, StatusSource sensors, StatusSource cameras, LongSupplier outboxPending,
                      CommandHandler commands, Settings settings, Clock clock, String agentVersion) {
        this.http = http;
        this.sensors = sensors;
        this.cameras = cameras;
        this.outboxPending = outboxPending;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.agentVersion = agentVersion;
    }

    /**
     * Asks the server who this agent is, which checks the token and the clock.
     *
     * @throws TokenRefusedException on 401/403, with a message that says what to fix
     * @throws IOException           when the server cannot be reached or answers something else
     */
    public Identity checkToken() throws IOException, InterruptedException {
        AgentHttp.Reply reply = http.get("/api/agent/me");
        if (reply.status() == 401 || reply.status() == 403) {
            throw new TokenRefusedException("The server " + http.uri("") + " refused the agent token (" + reply
                    + "). Check server.token in agent.yml: it must be the agt_... token shown once when the agent "
                    + "was created on /admin/agents, and the agent must still be active there.");
        }
        if (!reply.ok()) {
            throw new IOException("GET " + http.uri("/api/agent/me") + " answered " + reply);
        }
        JsonNode me = reply.bodyJson();
        Instant serverTime = checkClock(me.path("serverTime"));
        return new Identity(me.path("agentId").asLong(), me.path("name").asText(), me.path("siteId").asLong(),
                serverTime);
    }

    /**
     * Starts the heartbeat, right away and then at its interval, and the command poll: right away, then again at once
     * after a poll the server held (long polling) or that brought a new command, else after {@code pollEvery}.
     */
    public void start() {
        schedule.scheduleWithFixedDelay(this::heartbeatQuietly, 0, settings.heartbeatEvery().toMillis(),
                TimeUnit.MILLISECONDS);
        schedule.execute(this::pollLoop);
    }

    public Stats stats() {
        return new Stats(heartbeatTrouble == null && pollTrouble == null, lastHeartbeatAt, lastPollAt, clockSkew,
                lastError);
    }

    /** Gets the camera list's version when a heartbeat answer names it ({@code camerasVersion}). */
    public void onCamerasAnnounced(Consumer<String> listener) {
        this.camerasAnnounced = listener;
    }

    /** Sends one heartbeat. @return whether the server took it */
    public boolean sendHeartbeat() throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", clock.instant().toString());
        body.put("agentVersion", agentVersion);
        body.put("outboxPending", outboxPending.getAsLong());
        body.put("sensors", Credentials.scrubLastErrors(sensors.statuses()));
        body.put("cameras", Credentials.scrubLastErrors(cameras.statuses()));
        try {
            AgentHttp.Reply reply = http.post("/api/agent/heartbeat", body);
            if (!reply.ok()) {
                heartbeatTrouble = trouble(heartbeatTrouble, "heartbeat", "answered " + reply);
                return false;
            }
            JsonNode answer = reply.bodyJson();
            checkClock(answer.path("serverTime"));
            if (answer.path("camerasVersion").isTextual()) {
                camerasAnnounced.accept(answer.path("camerasVersion").asText());
            }
            lastHeartbeatAt = clock.instant();
            heartbeatTrouble = recovered(heartbeatTrouble, "Heartbeat");
            return true;
        } catch (JsonProcessingException e) {
            heartbeatTrouble = trouble(heartbeatTrouble, "heartbeat", "answered unreadable JSON: " + e.getOriginalMessage());
            return false;
        } catch (IOException e) {
            heartbeatTrouble = trouble(heartbeatTrouble, "heartbeat",
                    "failed, cannot reach " + http.uri("") + ": " + AgentHttp.describe(e));
            return false;
        }
    }

    /**
     * Polls once and hands each command not seen before in this run to the handler (on the command
     * thread). @return how many commands were handed over
     */
    public synchronized int pollCommands() throws InterruptedException {
        List<AgentCommand> listed = new ArrayList<>();
        lastPollHeld = false;
        long started = System.nanoTime();
        try {
            long wait = settings.commandWait().toSeconds();
            // The server may hold the poll for the wait: the answer has that long on top of the usual timeout.
            AgentHttp.Reply reply = wait > 0
                    ? http.get("/api/agent/commands?wait=" + wait, http.requestTimeout().plusSeconds(wait))
                    : http.get("/api/agent/commands");
            if (!reply.ok()) {
                pollTrouble = trouble(pollTrouble, "command poll", "answered " + reply);
                return 0;
            }
            for (JsonNode node : reply.bodyJson().path("commands")) {
                listed.add(command(node));
            }
        } catch (JsonProcessingException e) {
            pollTrouble = trouble(pollTrouble, "command poll", "answered unreadable JSON: " + e.getOriginalMessage());
            return 0;
        } catch (IOException e) {
            pollTrouble = trouble(pollTrouble, "command poll",
                    "failed, cannot reach " + http.uri("") + ": " + AgentHttp.describe(e));
            return 0;
        } catch (IllegalArgumentException e) {
            pollTrouble = trouble(pollTrouble, "command poll", "answered an unreadable command: " + e.getMessage());
            return 0;
        }
        lastPollAt = clock.instant();
        // Held at least half its wait: a server that long-polls (an older one answers at once).
        lastPollHeld = settings.commandWait().toNanos() > 0
                && System.nanoTime() - started >= settings.commandWait().toNanos() / 2;
        pollTrouble = recovered(pollTrouble, "Command poll");
        // A command gone from the list is finished for good; forgetting it keeps the set small.
        handedOver.retainAll(listed.stream().map(AgentCommand::id).toList());
        int handed = 0;
        for (AgentCommand command : listed) {
            if (handedOver.add(command.id())) {
                log.info("Command {} ({}) for sensor {}: {}", command.id(), command.type(), command.sensor(),
                        command.fields());
                commandThread.execute(() -> handle(command));
                handed++;
            }
        }
        return handed;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        commandThread.shutdownNow();
        progressThread.shutdown();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
            // A step queued just before the stop still gets its chance; progress is short.
            progressThread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progressThread.shutdownNow();
    }

    private void handle(AgentCommand command) {
        try {
            commands.handle(command, progressFor(command.id()));
        } catch (RuntimeException e) {
            log.error("Command {} ({}) failed: {}", command.id(), command.type(), e.getMessage(), e);
        }
    }

    private ProgressReporter progressFor(long commandId) {
        return (step, message) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("step", step);
            body.put("message", Credentials.scrub(message));
            try {
                progressThread.execute(() -> postProgress(commandId, body));
            } catch (RejectedExecutionException e) {
                log.debug("Progress {} of command {} not sent: the link is closed", step, commandId);
            }
        };
    }

    private void postProgress(long commandId, Map<String, Object> body) {
        try {
            AgentHttp.Reply reply = http.post("/api/agent/commands/" + commandId + "/progress", body);
            if (!reply.ok()) {
                log.debug("Progress {} of command {} refused: {}", body.get("step"), commandId, reply);
            }
        } catch (IOException e) {
            log.debug("Progress {} of command {} not sent: {}", body.get("step"), commandId, AgentHttp.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AgentCommand command(JsonNode node) {
        if (!node.path("id").canConvertToLong() || !node.path("type").isTextual()) {
            throw new IllegalArgumentException("command without id or type: " + node);
        }
        Map<String, Object> fields = http.json().convertValue(node, OBJECT);
        fields.remove("id");
        fields.remove("type");
        Object sensor = fields.remove("sensor");
        return new AgentCommand(node.path("id").asLong(), node.path("type").asText(),
                sensor == null ? null : sensor.toString(), fields);
    }

    private Instant checkClock(JsonNode serverTimeNode) {
        if (!serverTimeNode.isTextual()) {
            return null;
        }
        Instant serverTime;
        try {
            serverTime = Instant.parse(serverTimeNode.asText());
        } catch (DateTimeParseException e) {
            log.debug("Unreadable serverTime {}", serverTimeNode);
            return null;
        }
        Duration skew = Duration.between(clock.instant(), serverTime);
        clockSkew = skew;
        boolean off = skew.abs().compareTo(settings.maxClockSkew()) > 0;
        if (off && !skewWarned) {
            // Punches carry the agent's time: a wrong clock puts officers on the wrong minute, or day.
            log.warn("This computer's clock is {} s {} the server's: check its time synchronisation (NTP), "
                    + "punches are stamped with this clock", skew.abs().toSeconds(), skew.isNegative() ? "ahead of" : "behind");
        } else if (!off && skewWarned) {
            log.info("This computer's clock agrees with the server's again ({} ms apart)", skew.toMillis());
        }
        skewWarned = off;
        return serverTime;
    }

    /** Logs a failure once when it starts or changes, not every 2 s while the server is away. */
    private String trouble(String previous, String what, String problem) {
        lastError = what + " " + problem;
        if (!problem.equals(previous)) {
            log.warn("Server {} {}", what, problem);
        }
        return problem;
    }

    private String recovered(String previous, String what) {
        if (previous != null) {
            log.info("{} works again", what);
        }
        return null;
    }

    private void heartbeatQuietly() {
        try {
            sendHeartbeat();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // An exception would silently cancel the schedule: no more heartbeats for the rest of the run.
            log.error("Heartbeat failed: {}", e.getMessage(), e);
        }
    }

    /**
     * One poll, then the next: at once after a held poll or one that brought a new command; otherwise (answered at
     * once with nothing new, or failed) after {@code pollEvery}, so that an older server is asked every 2 s as before,
     * and a command still open is not asked for in a tight loop.
     */
    private void pollLoop() {
        long delay = settings.pollEvery().toMillis();
        try {
            int handed = pollCommands();
            if (pollTrouble == null && (lastPollHeld || handed > 0)) {
                delay = 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            log.error("Command poll failed: {}", e.getMessage(), e);
        }
        try {
            schedule.schedule(this::pollLoop, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the link is closing
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
