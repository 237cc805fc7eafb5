package vn.onduty.agent.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ZKTeco-family terminal pushing over ADMS, written from the protocol (docs/adms-protocol.md), behaving like the
 * terminals people complain about. It keeps its attendance log in memory, each record numbered by a stamp, and
 * pushes it to {@code /iclock/cdata}: the records newer than the stamp the server gave in the handshake, each new
 * punch at once (realtime), catching up in batches after an outage. It polls {@code /iclock/getrequest} for
 * commands and answers them on {@code /iclock/devicecmd}. And it misbehaves, each at its own rate: an answer lost
 * as if the connection dropped (the batch is sent again), old records uploaded again (as after its memory was
 * re-read), an officer punching twice seconds apart, a clock that is off until the server sets it, a garbled line
 * in a batch. Not thread-safe: one thread runs it.
 */
public final class SimulatedTerminal {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern COMMAND = Pattern.compile("C:(\\d+):(.*)");

    /**
     * How the terminal behaves.
     *
     * @param perMinute     new punches a minute
     * @param records       punches to make in all (then it only keeps pushing and polling); 0 for no limit
     * @param clockOffset   how far the terminal's clock is ahead of the real time (negative: behind)
     * @param dropRate      share of uploads whose answer is lost, so the batch is sent again
     * @param reuploadRate  share of uploads after which the terminal goes back up to 1,000 records and sends them again
     * @param duplicateRate share of punches followed by the same officer punching again 2-8 seconds later
     * @param garbageRate   share of uploads with a garbled line among the records
     * @param retrySeconds  seconds to wait after a failed request; null: the server's ErrorDelay
     * @param logFile       where each punch is written as it is made ({@code stamp TAB PIN TAB time TAB state}); or null
     */
    public record Options(URI server, String serialNumber, int users, double perMinute, long records, ZoneId zone,
                          Duration clockOffset, double dropRate, double reuploadRate, double duplicateRate,
                          double garbageRate, Integer retrySeconds, int batch, long seed, Path logFile) {}

    /** A record of the attendance log: its stamp (1, 2, 3, …), who, when by the terminal's clock, the punch state. */
    public record Record(long stamp, String pin, LocalDateTime time, int state) {
        String line() {
            return pin + "\t" + time.format(TIME) + "\t" + state + "\t1\t0\t0\t0";
        }
    }

    /** What it has done so far. */
    public record Counts(long punches, long delivered, long uploads, long resentAfterLostAnswer, long reuploads,
                         long duplicates, long garbled, long failures, long commands) {}

    private final Options options;
    private final HttpClient http;
    private final Random random;
    private final List<Record> log = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, Integer> punchesOfUser = new LinkedHashMap<>();
    private final BufferedWriter logWriter;
    private Duration clockOffset;
    private boolean connected;
    private boolean usersUploaded;
    private long uploaded;
    private int pollSeconds = 10;
    private int errorDelaySeconds = 30;
    private final List<Record> resendQueue = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private long uploads;
    private long lostAnswers;
    private long reuploads;
    private long duplicates;
    private long garbled;
    private long failures;
    private long commands;

    public SimulatedTerminal(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.random = new Random(options.seed());
        this.clockOffset = options.clockOffset();
        for (int i = 1; i <= options.users(); i++) {
            users.put(String.valueOf(i), String.format("NV %03d", i));
        }
        try {
            this.logWriter = options.logFile() == null ? null : Files.newBufferedWriter(options.logFile(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + options.logFile(), e);
        }
    }

    /** Runs until {@code running} says stop: punches at its rate, pushes, polls, and retries after failures. */
    public void run(BooleanSupplier running) throws InterruptedException {
        double interval = options.perMinute() <= 0 ? Double.MAX_VALUE : 60_000.0 / options.perMinute();
        double nextPunch = System.currentTimeMillis();
        long nextPoll = 0;
        while (running.getAsBoolean()) {
            long now = System.currentTimeMillis();
            while (now >= nextPunch && (options.records() == 0 || log.size() < options.records())) {
                punch();
                nextPunch += interval;
            }
            try {
                if (!connected) {
                    handshake();
                    nextPoll = 0;
                }
                if (!usersUploaded) {
                    uploadUsers();
                }
                boolean more = uploadNext();
                if (now >= nextPoll) {
                    poll();
                    nextPoll = System.currentTimeMillis() + pollSeconds * 1000L;
                }
                if (!more) {
                    long wake = (long) Math.min(nextPunch, nextPoll);
                    Thread.sleep(Math.max(1, Math.min(200, wake - System.currentTimeMillis())));
                }
            } catch (IOException e) {
                failures++;
                connected = false;
                Thread.sleep((options.retrySeconds() != null ? options.retrySeconds() : errorDelaySeconds) * 1000L);
            }
        }
    }

    public Counts counts() {
        return new Counts(log.size(), delivered.get(), uploads, lostAnswers, reuploads, duplicates, garbled, failures,
                commands);
    }

    /** The terminal's own clock: the real time in its zone, off by its offset, to the second. */
    LocalDateTime clock() {
        return LocalDateTime.now(options.zone()).plus(clockOffset).truncatedTo(ChronoUnit.SECONDS);
    }

    /** An officer punches: a new record, the state alternating in and out per officer; now and then twice. */
    void punch() {
        LocalDateTime time = clock();
        List<String> pins = new ArrayList<>(users.keySet());
        if (pins.isEmpty()) {
            return;
        }
        for (int tries = 0; tries < 50; tries++) {
            String pin = pins.get(random.nextInt(pins.size()));
            int state = punchesOfUser.getOrDefault(pin, 0) % 2;
            if (append(pin, time, state)) {
                punchesOfUser.merge(pin, 1, Integer::sum);
                if (random.nextDouble() < options.duplicateRate()
                        && (options.records() == 0 || log.size() < options.records())
                        && append(pin, time.plusSeconds(2 + random.nextInt(7)), state)) {
                    duplicates++;
                }
                return;
            }
        }
    }

    private boolean append(String pin, LocalDateTime time, int state) {
        if (!keys.add(pin + "\t" + time + "\t" + state)) {
            return false;
        }
        Record r = new Record(log.size() + 1L, pin, time, state);
        log.add(r);
        if (logWriter != null) {
            try {
                logWriter.write(r.stamp() + "\t" + r.pin() + "\t" + r.time().format(TIME) + "\t" + r.state() + "\n");
                logWriter.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /** GET /iclock/cdata?options=all: the server's stamps decide what is sent, its options how often. */
    private void handshake() throws IOException, InterruptedException {
        String body = get("/iclock/cdata?SN=" + options.serialNumber() + "&options=all&pushver=2.4.1&language=69");
        Map<String, String> o = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                o.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        String stamp = o.getOrDefault("ATTLOGStamp", "None");
        uploaded = stamp.matches("\\d+") ? Math.min(Long.parseLong(stamp), log.size()) : 0;
        usersUploaded = o.getOrDefault("OPERLOGStamp", "None").matches("\\d+");
        pollSeconds = intOr(o.get("Delay"), pollSeconds);
        errorDelaySeconds = intOr(o.get("ErrorDelay"), errorDelaySeconds);
        connected = true;
    }

    /** Its user list, as the operation log reports it, with a fingerprint record the server must drop unread. */
    private void uploadUsers() throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder();
        byte[] template = new byte[48];
        for (Map.Entry<String, String> u : users.entrySet()) {
            b.append("USER PIN=").append(u.getKey()).append("\tName=").append(u.getValue())
                    .append("\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000\tVerify=0\n");
            random.nextBytes(template);
            b.append("FP PIN=").append(u.getKey()).append("\tFID=6\tSize=64\tValid=1\tTMP=")
                    .append(Base64.getEncoder().encodeToString(template)).append('\n');
        }
        post("/iclock/cdata?SN=" + options.serialNumber() + "&table=OPERLOG&Stamp=" + users.size(), b.toString());
        usersUploaded = true;
    }

    /**
     * Sends the next batch: records asked for again first, else those newer than the stamp the server has. Returns
     * whether more are waiting.
     */
    private boolean uploadNext() throws IOException, InterruptedException {
        List<Record> batch = new ArrayList<>();
        boolean again = !resendQueue.isEmpty();
        if (again) {
            while (!resendQueue.isEmpty() && batch.size() < options.batch()) {
                batch.add(resendQueue.remove(0));
            }
        } else {
            for (long s = uploaded + 1; s <= log.size() && batch.size() < options.batch(); s++) {
                batch.add(log.get((int) s - 1));
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        List<String> lines = new ArrayList<>();
        batch.forEach(r -> lines.add(r.line()));
        if (random.nextDouble() < options.garbageRate()) {
            lines.add(random.nextInt(lines.size() + 1), garbledLine());
            garbled++;
        }
        long stamp = batch.get(batch.size() - 1).stamp();
        String answer = post("/iclock/cdata?SN=" + options.serialNumber() + "&table=ATTLOG&Stamp=" + stamp,
                String.join("\n", lines) + "\n");
        uploads++;
        if (!answer.startsWith("OK")) {
            throw new IOException("the server answered an upload with " + answer);
        }
        if (!again) {
            if (random.nextDouble() < options.dropRate()) {
                // The answer never arrived: the terminal cannot tell, and sends the batch again.
                lostAnswers++;
                return true;
            }
            uploaded = Math.max(uploaded, stamp);
            delivered.accumulateAndGet(uploaded, Math::max);
            if (random.nextDouble() < options.reuploadRate() && uploaded > 1) {
                uploaded = Math.max(0, uploaded - 1 - random.nextInt(1000));
                reuploads++;
            }
        }
        return !resendQueue.isEmpty() || uploaded < log.size();
    }

    /** Bytes a worn cable or a firmware bug makes of a line. */
    private String garbledLine() {
        return switch (random.nextInt(4)) {
            case 0 -> users.keySet().iterator().next() + "\t" + clock().format(TIME).replace('-', '/').substring(0, 13);
            case 1 -> "\u0001\u0003\u00ff\u00fe" + random.nextInt(1000);
            case 2 -> "1\t2026-13-45 25:61:00\t0\t1\t0\t0\t0";
            default -> "\t\t\t";
        };
    }

    /** GET /iclock/getrequest: runs each command handed over and answers them together. */
    private void poll() throws IOException, InterruptedException {
        String info = "Ver 6.60 Sim," + users.size() + ",0," + log.size() + ",127.0.0.1,10,0,0,0,100";
        String body = get("/iclock/getrequest?SN=" + options.serialNumber() + "&INFO="
                + URLEncoder.encode(info, StandardCharsets.UTF_8));
        List<String> results = new ArrayList<>();
        for (String line : body.split("\n")) {
            Matcher m = COMMAND.matcher(line.strip());
            if (m.matches()) {
                commands++;
                results.add(execute(Long.parseLong(m.group(1)), m.group(2)));
            }
        }
        if (!results.isEmpty()) {
            post("/iclock/devicecmd?SN=" + options.serialNumber(), String.join("\n", results) + "\n");
        }
    }

    /** One command, as a terminal of the attendance push protocol runs it; its result line(s). */
    String execute(long id, String command) {
        if (command.startsWith("DATA UPDATE USERINFO ")) {
            Map<String, String> f = fields(command.substring("DATA UPDATE USERINFO ".length()));
            String pin = f.get("PIN");
            if (pin == null) {
                return result(id, -1, "DATA");
            }
            users.put(pin, f.getOrDefault("Name", ""));
            return result(id, 0, "DATA");
        }
        if (command.startsWith("DATA DELETE USERINFO ")) {
            String pin = fields(command.substring("DATA DELETE USERINFO ".length())).get("PIN");
            return result(id, pin != null && users.remove(pin) != null ? 0 : -10, "DATA");
        }
        if (command.equals("INFO")) {
            return result(id, 0, "INFO") + "\n~DeviceName=OnDuty Simulator\nFWVersion=Ver 6.60 Sim\n~SerialNumber="
                    + options.serialNumber() + "\nUserCount=" + users.size() + "\nTransactionCount=" + log.size()
                    + "\nIPAddress=127.0.0.1\n~OEMVendor=OnDuty";
        }
        if (command.startsWith("DATA QUERY ATTLOG ")) {
            Map<String, String> f = fields(command.substring("DATA QUERY ATTLOG ".length()));
            LocalDateTime from = LocalDateTime.parse(f.get("StartTime"), TIME);
            LocalDateTime to = LocalDateTime.parse(f.get("EndTime"), TIME);
            int n = 0;
            for (Record r : log) {
                if (!r.time().isBefore(from) && !r.time().isAfter(to) && r.stamp() <= uploaded) {
                    resendQueue.add(r);
                    n++;
                }
            }
            return result(id, n, "DATA");
        }
        if (command.startsWith("SET OPTION DateTime=")) {
            LocalDateTime set = decodeTime(Long.parseLong(command.substring("SET OPTION DateTime=".length()).strip()));
            clockOffset = Duration.between(LocalDateTime.now(options.zone()), set);
            return result(id, 0, "SET OPTION");
        }
        if (command.equals("CHECK")) {
            connected = false;
            return result(id, 0, "CHECK");
        }
        return result(id, -2, command.split(" ")[0]);
    }

    private static String result(long id, int code, String command) {
        return "ID=" + id + "&Return=" + code + "&CMD=" + command;
    }

    /** {@code Key=Value} fields separated by tabs. */
    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split("\t")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    /** The time a SET OPTION DateTime carries: seconds of a calendar of twelve 31-day months since 2000-01-01. */
    static LocalDateTime decodeTime(long v) {
        int second = (int) (v % 60);
        v /= 60;
        int minute = (int) (v % 60);
        v /= 60;
        int hour = (int) (v % 24);
        v /= 24;
        int day = (int) (v % 31) + 1;
        v /= 31;
        int month = (int) (v % 12) + 1;
        v /= 12;
        return LocalDateTime.of(2000 + (int) v, month, day, hour, minute, second);
    }

    private String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(options.server().resolve(path)).GET());
    }

    private String post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(options.server().resolve(path))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException(request.build().uri().getPath() + " answered " + r.statusCode() + ": " + r.body().strip());
        }
        return r.body();
    }

    private static int intOr(String s, int fallback) {
        return s != null && s.matches("\\d{1,6}") ? Integer.parseInt(s) : fallback;
    }

    /** For status lines: an instant as the terminal shows it. */
    String now() {
        return clock().format(TIME) + " (real " + Instant.now() + ")";
    }
}
