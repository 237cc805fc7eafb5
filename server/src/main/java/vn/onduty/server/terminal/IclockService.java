package vn.onduty.server.terminal;

import vn.onduty.server.devicetime.DeviceTimeCheck;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;

/**
 * The server's side of ADMS (docs/adms-protocol.md): what each request of a terminal changes, and the text it is
 * answered with. A terminal is known by its serial number; one calling for the first time is remembered as waiting
 * (while fewer than {@code terminals.maxWaiting} wait) and its attendance records are kept aside, up to a bound,
 * until an admin adopts it; a refused one is answered as if all were well and nothing is stored; one calling from
 * outside its allowed address range is refused with 403. Records of an adopted terminal become punches in the same
 * transaction that stores them, exactly once; a line that cannot be read is kept aside as rejected and the rest of
 * its upload is stored. Every upload is answered so that the terminal never sends it again forever: "OK" with the
 * number of lines read, even when some were rejected.
 */
public final class IclockService {

    private static final Logger LOG = LoggerFactory.getLogger(IclockService.class);
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The zone of a terminal no site was chosen for yet. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Caller SERVER = Caller.system("iclock");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How stale the stored last contact may get before a poll or a ping writes it again (silence is minutes). */
    static final String SEEN_EVERY = "30 seconds";

    /** A request the terminal gets a plain-text error for, with its HTTP status. */
    public static final class IclockException extends RuntimeException {
        private final int status;

        IclockException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final TerminalPins pins;
    private final TerminalCommands commands;
    private final TerminalConfiguration config;
    private final DeviceTimeCheck deviceTime;
    private final Clock clock;
    private final LongConsumer punchesStored;

    /** @param punchesStored told, after each commit, how many punches an upload stored for the first time */
    public IclockService(Jdbi jdbi, AuditLog audit, TerminalPins pins, TerminalCommands commands,
                         TerminalConfiguration config, Clock clock, DeviceTimeCheck deviceTime,
                         LongConsumer punchesStored) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.pins = pins;
        this.commands = commands;
        this.config = config;
        this.clock = clock;
        this.punchesStored = punchesStored;
        this.deviceTime = deviceTime;
    }

    /** {@code GET /iclock/cdata?SN=…&options=all}: the option block, with the stamps of what is stored. */
    public String handshake(String serialNumber, String address, String pushVersion) {
        return call(serialNumber, address, pushVersion, x -> {
            if (!x.c().refused()) {
                x.terminals().seen(x.c().id(), x.now(), address, clean(pushVersion));
            }
            return IclockReplies.options(x.c().serialNumber(), x.c().attlogStamp(), x.c().operlogStamp(), zone(x.c()),
                    x.now(), config.timing(), pushVersion != null ? pushVersion : x.c().pushVersion(), x.c().id());
        }, () -> IclockReplies.options(serialNumber, null, null, DEFAULT_ZONE, clock.instant(), config.timing(),
                pushVersion, 0));
    }

    /**
     * {@code POST /iclock/cdata?SN=…&table=…}: an upload. ATTLOG (attendance records) and OPERLOG (the user list) are
     * read; push protocol 3.x's user table likewise; the terminal's options are noted; templates, faces and photos
     * are dropped unread; an access-control event log is kept aside as rejected lines (it is no attendance).
     */
    public String upload(String serialNumber, String address, String table, String tableName, String stamp, String body) {
        String t = table == null ? "" : table.strip().toUpperCase(Locale.ROOT);
        switch (t) {
            case "ATTLOG" -> {
                IclockParsing.AttBatch batch = IclockParsing.attlog(body);
                String ok = IclockReplies.ok(batch.lines());
                int[] punches = {0};
                String answer = call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        punches[0] = attendance(x, address, stamp, batch);
                    }
                    return ok;
                }, () -> ok);
                if (punches[0] > 0) {
                    punchesStored.accept(punches[0]);
                }
                return answer;
            }
            case "OPERLOG" -> {
                IclockParsing.OperBatch batch = IclockParsing.operlog(body);
                String ok = IclockReplies.ok(batch.lines());
                return call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        users(x, batch.users(), batch.rejected());
                        x.terminals().operlogReceived(x.c().id(), x.now(), address, laterStamp(x.c().operlogStamp(), stamp));
                    }
                    return ok;
                }, () -> ok);
            }
            case "OPTIONS" -> {
                Map<String, String> options = IclockParsing.options(body);
                return call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        x.terminals().seen(x.c().id(), x.now(), address, null);
                        x.terminals().reported(x.c().id(), firstOf(options, "DeviceName"),
                                firstOf(options, "FWVersion", "FirmVer"), json(options));
                    }
                    return IclockReplies.ok();
                }, IclockReplies::ok);
            }
            case "TABLEDATA" -> {
                String name = tableName == null ? "" : tableName.strip().toLowerCase(Locale.ROOT);
                int count = nonBlankLines(body);
                String ok = name.isEmpty() ? IclockReplies.ok(count) : name + "=" + count + "\n";
                List<IclockParsing.UserRecord> users = name.equals("user") ? IclockParsing.tableUsers(body) : List.of();
                return call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        x.terminals().seen(x.c().id(), x.now(), address, null);
                        users(x, users, List.of());
                    }
                    return ok;
                }, () -> ok);
            }
            case "RTLOG" -> {
                List<IclockParsing.Rejected> lines = new ArrayList<>();
                for (String line : body.split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(new IclockParsing.Rejected(IclockParsing.shorten(line.strip()), "rtlog",
                                "access-control event (rtlog), not an attendance record: set the terminal to push its "
                                        + "attendance log (time-attendance mode)"));
                    }
                }
                return call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        x.terminals().seen(x.c().id(), x.now(), address, null);
                        keepRejected(x.h(), x.c().id(), "rtlog", lines);
                    }
                    return IclockReplies.ok();
                }, IclockReplies::ok);
            }
            default -> {
                // Templates, faces, photos (BIODATA, ATTPHOTO, USERPIC...), door states: answered, not stored.
                String ok = IclockReplies.ok(nonBlankLines(body));
                return call(serialNumber, address, null, x -> {
                    if (!x.c().refused()) {
                        x.terminals().seen(x.c().id(), x.now(), address, null);
                    }
                    return ok;
                }, () -> ok);
            }
        }
    }

    /** {@code GET /iclock/getrequest?SN=…[&INFO=…]}: the commands waiting for the terminal, or OK. */
    public String poll(String serialNumber, String address, String info) {
        Map<String, String> reported = IclockParsing.info(info);
        return call(serialNumber, address, null, false, x -> {
            if (x.c().refused()) {
                return IclockReplies.ok();
            }
            x.terminals().seenLately(x.c().id(), x.now(), address, SEEN_EVERY);
            if (!reported.isEmpty()) {
                x.terminals().reported(x.c().id(), null, reported.get("firmware"), json(reported));
            }
            List<String> lines = commands.handOver(x.h(), x.c().id(), zone(x.c()));
            return lines.isEmpty() ? IclockReplies.ok() : String.join("", lines);
        }, IclockReplies::ok);
    }

    /** {@code POST /iclock/devicecmd?SN=…}: the answers to commands handed over. */
    public String results(String serialNumber, String address, String body) {
        List<IclockParsing.CommandResult> results = IclockParsing.commandResults(body);
        return call(serialNumber, address, null, x -> {
            if (!x.c().refused()) {
                x.terminals().seen(x.c().id(), x.now(), address, null);
                commands.results(x.h(), x.c().id(), results);
            }
            return IclockReplies.ok();
        }, IclockReplies::ok);
    }

    /** Push protocol 3.x: {@code POST /iclock/registry} with the terminal's options; it is told its registry code. */
    public String registry(String serialNumber, String address, String body) {
        Map<String, String> options = IclockParsing.options(body);
        return call(serialNumber, address, null, x -> {
            if (!x.c().refused()) {
                x.terminals().seen(x.c().id(), x.now(), address, null);
                x.terminals().reported(x.c().id(), firstOf(options, "DeviceName"), firstOf(options, "FWVersion", "FirmVer"),
                        json(options));
            }
            return IclockReplies.registry(x.c().id());
        }, IclockReplies::ok);
    }

    /** Push protocol 3.x: {@code POST /iclock/push}, how to talk to this server. */
    public String pushConfiguration(String serialNumber, String address) {
        return contactOnly(serialNumber, address, c -> IclockReplies.pushConfiguration(config.timing()));
    }

    /** {@code GET /iclock/ping}: the terminal is busy uploading and says it is alive. */
    public String ping(String serialNumber, String address) {
        return contactOnly(serialNumber, address, c -> IclockReplies.ok());
    }

    /** {@code GET /iclock/rtdata?type=time}: the server's time in the terminal's site's zone. */
    public String time(String serialNumber, String address) {
        return contactOnly(serialNumber, address,
                c -> IclockReplies.time(clock.instant(), c == null ? DEFAULT_ZONE : zone(c)));
    }

    /** Anything else a terminal calls under /iclock/: noted as contact when it says who it is, answered OK. */
    public String other(String serialNumber, String address) {
        if (serialNumber == null || !SERIAL.matcher(serialNumber).matches()) {
            return IclockReplies.ok();
        }
        return contactOnly(serialNumber, address, c -> IclockReplies.ok());
    }

    /** A request that only says the terminal is there: noted as contact; {@code answer} gets null for an unknown one. */
    private String contactOnly(String serialNumber, String address, Function<TerminalDao.Contact, String> answer) {
        return call(serialNumber, address, null, false, x -> {
            if (!x.c().refused()) {
                x.terminals().seenLately(x.c().id(), x.now(), address, SEEN_EVERY);
            }
            return answer.apply(x.c());
        }, () -> answer.apply(null));
    }

    /** A request's work: its transaction, the terminal calling (held against a decision until the commit). */
    private record Call(Handle h, TerminalDao.Contact c, TerminalDao terminals, Instant now) {}

    /**
     * Runs a terminal's request in one transaction that first finds and holds the terminal by its serial number, so a
     * request and an admin's decision about the terminal (adoption, refusal, settings) take turns. A serial number
     * calling for the first time is remembered as waiting first (its own transaction: audited, its information asked
     * for); while too many wait, it is answered by {@code unknown} and not remembered.
     *
     * @throws IclockException 400 when the serial number is missing or no serial number; 403 when the terminal calls
     *                         from outside its allowed range (the address noted on the terminal for its page)
     */
    private <T> T call(String serialNumber, String address, String pushVersion, Function<Call, T> work,
                       Supplier<T> unknown) {
        return call(serialNumber, address, pushVersion, true, work, unknown);
    }

    /**
     * As above; with {@code hold} false the terminal is read without holding it (a poll or a ping, which store
     * nothing an admin's decision could race with), so that a transaction that writes nothing takes no lock.
     */
    private <T> T call(String serialNumber, String address, String pushVersion, boolean hold, Function<Call, T> work,
                       Supplier<T> unknown) {
        if (serialNumber == null || !SERIAL.matcher(serialNumber).matches()) {
            throw new IclockException(400, "SN is missing or is not a serial number (1-64 letters, digits, '.', '_' or '-')");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Object[] outcome = jdbi.inTransaction(h -> {
                TerminalDao terminals = h.attach(TerminalDao.class);
                var c = hold ? terminals.contactHeld(serialNumber, address) : terminals.contact(serialNumber, address);
                if (c.isEmpty()) {
                    return new Object[] {"unknown"};
                }
                if (!c.get().allowed()) {
                    return new Object[] {"outOfRange", c.get().id()};
                }
                return new Object[] {"done", work.apply(new Call(h, c.get(), terminals, clock.instant()))};
            });
            switch ((String) outcome[0]) {
                case "done" -> {
                    @SuppressWarnings("unchecked")
                    T value = (T) outcome[1];
                    return value;
                }
                case "outOfRange" -> {
                    long id = (Long) outcome[1];
                    jdbi.useHandle(h -> h.attach(TerminalDao.class).refusedCall(id, address, clock.instant()));
                    throw new IclockException(403, "Terminal " + serialNumber + " is not answered from " + address
                            + ": the address is outside the range it is allowed to call from");
                }
                default -> {
                    if (attempt > 0 || !remember(serialNumber, address, pushVersion)) {
                        return unknown.get();
                    }
                }
            }
        }
        return unknown.get();
    }

    /**
     * Remembers a serial number calling for the first time as a waiting terminal, audited, with its information asked
     * for (the handshake does not name the model). False when too many terminals wait already.
     */
    private boolean remember(String serialNumber, String address, String pushVersion) {
        boolean remembered = jdbi.inTransaction(h -> {
            TerminalDao dao = h.attach(TerminalDao.class);
            var id = dao.insertWaiting(serialNumber, address, clean(pushVersion), clock.instant(), config.getMaxWaiting());
            if (id.isEmpty()) {
                // Another request of the same terminal may have remembered it just now.
                return dao.statusOf(serialNumber).isPresent();
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("serialNumber", serialNumber);
            after.put("address", address);
            after.put("pushVersion", clean(pushVersion));
            audit.record(h, SERVER, "terminal.call_in", "terminal", id.get(), null, after);
            commands.queueFollowUp(h, id.get(), "info", null, null);
            return true;
        });
        if (!remembered) {
            LOG.warn("Terminal {} at {} called in, but {} terminals already wait for a decision: not remembered",
                    serialNumber, address, config.getMaxWaiting());
        }
        return remembered;
    }

    /**
     * An ATTLOG upload of a terminal that is not refused, inside its request's transaction.
     *
     * @return how many punches it stored for the first time
     */
    private int attendance(Call x, String address, String stamp, IclockParsing.AttBatch batch) {
        TerminalDao.Contact c = x.c();
        Handle h = x.h();
        boolean adopted = c.adopted();
        List<IclockParsing.AttRecord> records = batch.records();
        LocalDate overflowFrom = null;
        int stored = 0;
        TerminalRecordDao dao = h.attach(TerminalRecordDao.class);
        if (c.status().equals(Terminal.WAITING)) {
            long room = Math.max(0, config.getKeptLinesWhileWaiting() - dao.countRecords(c.id()));
            if (records.size() > room) {
                List<IclockParsing.AttRecord> over = records.subList((int) room, records.size());
                overflowFrom = over.stream().map(r -> r.localTime().toLocalDate()).min(LocalDate::compareTo).orElseThrow();
                LOG.warn("Terminal {} waits for adoption and has sent more than {} records: {} not kept (from {})",
                        c.serialNumber(), config.getKeptLinesWhileWaiting(), over.size(), overflowFrom);
                records = records.subList(0, (int) room);
            }
        }
        if (!records.isEmpty()) {
            int n = records.size();
            String[] pinArray = new String[n];
            String[] times = new String[n];
            Integer[] states = new Integer[n];
            Integer[] verifies = new Integer[n];
            String[] workCodes = new String[n];
            String[] lines = new String[n];
            for (int i = 0; i < n; i++) {
                IclockParsing.AttRecord r = records.get(i);
                pinArray[i] = r.pin();
                times[i] = r.localTime().toString();
                states[i] = r.state();
                verifies[i] = r.verify();
                workCodes[i] = r.workCode();
                lines[i] = r.line();
            }
            List<Long> ids = dao.insertRecords(c.id(), pinArray, times, states, verifies, workCodes, lines);
            if (adopted && !ids.isEmpty()) {
                List<TerminalRecordDao.NewPunch> punches = dao.insertPunches(ids.toArray(Long[]::new), x.now(),
                        deviceTime.maxAhead().toSeconds(), deviceTime.horizon().toSeconds());
                stored = punches.size();
                Long[] named = punches.stream().filter(p -> p.staffId() != null).map(TerminalRecordDao.NewPunch::id)
                        .toArray(Long[]::new);
                if (named.length > 0) {
                    h.attach(AttendanceQueue.class).punchesById(named);
                }
                // A PIN nobody is named for yet may be a staff code: mapped now, the mapping claims these punches.
                Set<String> unnamed = new LinkedHashSet<>();
                punches.stream().filter(p -> p.staffId() == null).forEach(p -> unnamed.add(p.pin()));
                pins.mapByStaffCode(h, c.id(), unnamed);
            }
        }
        keepRejected(h, c.id(), "ATTLOG", batch.rejected());
        Integer offset = null;
        if (adopted && !batch.records().isEmpty()) {
            Instant newest = batch.records().stream().map(IclockParsing.AttRecord::localTime)
                    .max(java.time.LocalDateTime::compareTo).orElseThrow().atZone(zone(c)).toInstant();
            long seconds = Duration.between(x.now(), newest).toSeconds();
            offset = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
        }
        x.terminals().attlogReceived(c.id(), x.now(), address, laterStamp(c.attlogStamp(), stamp), offset, overflowFrom);
        return stored;
    }

    /** The users a terminal reported, inside its request's transaction; PINs that are staff codes are mapped. */
    private void users(Call x, List<IclockParsing.UserRecord> users, List<IclockParsing.Rejected> rejected) {
        if (!users.isEmpty()) {
            x.h().attach(TerminalPinDao.class).reportUsers(x.c().id(),
                    users.stream().map(IclockParsing.UserRecord::pin).toArray(String[]::new),
                    users.stream().map(IclockParsing.UserRecord::name).toArray(String[]::new),
                    users.stream().map(IclockParsing.UserRecord::privilege).toArray(Integer[]::new),
                    x.now(), config.getMaxUsers());
            pins.mapByStaffCode(x.h(), x.c().id(), users.stream().map(IclockParsing.UserRecord::pin).toList());
        }
        keepRejected(x.h(), x.c().id(), "OPERLOG", rejected);
    }

    private void keepRejected(Handle h, long terminalId, String table, List<IclockParsing.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        Map<String, IclockParsing.Rejected> distinct = new LinkedHashMap<>();
        for (IclockParsing.Rejected r : rejected) {
            distinct.putIfAbsent(r.line(), r);
        }
        h.attach(TerminalRecordDao.class).keepRejected(terminalId, table, distinct.keySet().toArray(String[]::new),
                distinct.values().stream().map(IclockParsing.Rejected::code).toArray(String[]::new),
                distinct.values().stream().map(IclockParsing.Rejected::reason).toArray(String[]::new),
                clock.instant(), config.getMaxRejectedLines());
    }

    /**
     * The stamp to answer the next handshake with: the one this upload carried, unless both are numbers and it is
     * lower (an upload of older records, asked for again, must not make the terminal send the newer ones again).
     */
    static String laterStamp(String stored, String sent) {
        String s = clean(sent);
        if (s == null) {
            return stored;
        }
        if (stored != null && stored.matches("[0-9]{1,18}") && s.matches("[0-9]{1,18}")
                && Long.parseLong(s) < Long.parseLong(stored)) {
            return stored;
        }
        return s.length() > 64 ? stored : s;
    }

    private static ZoneId zone(TerminalDao.Contact c) {
        return c.timeZone() == null ? DEFAULT_ZONE : ZoneId.of(c.timeZone());
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() || t.length() > 64 ? null : t.replaceAll("\\p{Cntrl}", "");
    }

    private static int nonBlankLines(String body) {
        int n = 0;
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                n++;
            }
        }
        return n;
    }

    private static String firstOf(Map<String, String> values, String... keys) {
        for (String k : keys) {
            String v = values.get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
