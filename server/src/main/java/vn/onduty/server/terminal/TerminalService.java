package vn.onduty.server.terminal;

import vn.onduty.server.devicetime.DeviceTimeCheck;
import jakarta.ws.rs.NotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.WorkingCalendar;

/**
 * The terminals admins decide about: the list with each one's health, adopting one for a site (its records kept
 * aside become punches, its PINs that are staff codes are mapped), refusing one, naming it and restricting it to an
 * address range; every decision audited. Health: an adopted terminal is flagged when it has not called for
 * {@code terminals.silentAfter} during its site's working hours (the sessions of the site's calendar today), or when
 * its clock is off by more than {@code terminals.clockTolerance}.
 */
public final class TerminalService {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final TerminalPins pins;
    private final TerminalCommands commands;
    private final TerminalConfiguration config;
    private final DeviceTimeCheck deviceTime;
    private final Clock clock;

    public TerminalService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar, TerminalPins pins,
                           TerminalCommands commands, TerminalConfiguration config, DeviceTimeCheck deviceTime,
                           Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
        this.pins = pins;
        this.commands = commands;
        this.config = config;
        this.clock = clock;
        this.deviceTime = deviceTime;
    }

    /** Adopted terminals that called in the last 2 minutes (they poll for commands every few seconds). */
    public long countOnline() {
        return jdbi.withExtension(TerminalDao.class, dao -> dao.countAdoptedSeenSince(clock.instant().minus(
                java.time.Duration.ofMinutes(2))));
    }

    /** Terminals in a state: {@code waiting} ones are calling in and nobody has adopted or refused them yet. */
    public long countInStatus(String status) {
        return jdbi.withExtension(TerminalDao.class, dao -> dao.countInStatus(status));
    }

    /** Every terminal: waiting ones first (newest first), then adopted ones by site, then refused ones. */
    public List<Terminal> list(Caller caller) {
        policy.requireAdmin(caller);
        return all();
    }

    public Optional<Terminal> find(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withExtension(TerminalDao.class, dao -> dao.find(id, clock.instant(), IclockService.DEFAULT_ZONE.getId()))
                .map(this::view);
    }

    /** The adopted terminals flagged now, for the server's health check. */
    public List<Terminal> flagged() {
        return all().stream().filter(t -> t.health().flagged()).toList();
    }

    /**
     * Adopts the terminal for the site (again, for another site: its later punches are that site's). Its records kept
     * aside become punches, its PINs that are officers' staff codes are mapped, and when it sent more while waiting
     * than was kept, it is asked for its log again from the first day not kept.
     *
     * @throws InvalidInputException when the site is missing or not active, or the name is too long
     */
    public Terminal adopt(long id, Long siteId, String name, Caller caller) {
        policy.requireAdmin(caller);
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required: the site whose punches the terminal's records are");
        }
        String label = checkName(name);
        jdbi.useTransaction(h -> {
            TerminalDao dao = h.attach(TerminalDao.class);
            String status = dao.lock(id).orElseThrow(() -> new NotFoundException("No terminal " + id));
            Terminal before = view(dao.find(id, clock.instant(), IclockService.DEFAULT_ZONE.getId()).orElseThrow());
            if (!dao.activeSite(siteId)) {
                throw InvalidInputException.field("siteId", siteId + " is not an active site");
            }
            if (status.equals(Terminal.ADOPTED) && siteId.equals(before.siteId())
                    && (label == null || label.equals(before.name()))) {
                return;
            }
            dao.adopt(id, siteId, label, caller.userId().orElse(null), clock.instant());
            pins.mapKnownByStaffCode(h, id);
            List<Long> punches = h.attach(TerminalRecordDao.class).insertPunchesOfTerminal(id, clock.instant(),
                    deviceTime.maxAhead().toSeconds(), deviceTime.horizon().toSeconds());
            if (!punches.isEmpty()) {
                h.attach(AttendanceQueue.class).punchesById(punches.toArray(Long[]::new));
            }
            if (before.overflowFrom() != null) {
                commands.queueFollowUp(h, id, "reupload", before.overflowFrom(), caller.userId().orElse(null));
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("terminal", find(h, id));
            after.put("punchesFromKeptRecords", punches.size());
            after.put("reuploadFrom", before.overflowFrom());
            audit.record(h, caller, "terminal.adopt", "terminal", id, before, after);
        });
        return find(id, caller).orElseThrow();
    }

    /** Refuses the terminal: from now on it is answered and nothing it sends is stored. What it sent before stays. */
    public Terminal refuse(long id, Caller caller) {
        policy.requireAdmin(caller);
        jdbi.useTransaction(h -> {
            TerminalDao dao = h.attach(TerminalDao.class);
            String status = dao.lock(id).orElseThrow(() -> new NotFoundException("No terminal " + id));
            if (status.equals(Terminal.REFUSED)) {
                return;
            }
            Terminal before = find(h, id);
            dao.refuse(id, caller.userId().orElse(null), clock.instant());
            audit.record(h, caller, "terminal.refuse", "terminal", id, before, find(h, id));
        });
        return find(id, caller).orElseThrow();
    }

    /**
     * Names the terminal and restricts it to an address range (an address, or a network in CIDR notation such as
     * 10.1.2.0/24; null or blank: any address).
     *
     * @throws InvalidInputException when the range is no address or network, or the name is too long
     */
    public Terminal settings(long id, String name, String allowedRange, Caller caller) {
        policy.requireAdmin(caller);
        String label = checkName(name);
        String range = checkRange(allowedRange);
        jdbi.useTransaction(h -> {
            TerminalDao dao = h.attach(TerminalDao.class);
            dao.lock(id).orElseThrow(() -> new NotFoundException("No terminal " + id));
            Terminal before = find(h, id);
            dao.settings(id, label, range);
            Terminal after = find(h, id);
            if (!java.util.Objects.equals(before.name(), after.name())
                    || !java.util.Objects.equals(before.allowedRange(), after.allowedRange())) {
                audit.record(h, caller, "terminal.settings", "terminal", id,
                        Map.of("name", String.valueOf(before.name()), "allowedRange", String.valueOf(before.allowedRange())),
                        Map.of("name", String.valueOf(after.name()), "allowedRange", String.valueOf(after.allowedRange())));
            }
        });
        return find(id, caller).orElseThrow();
    }

    /** The lines the terminal sent that could not be read, latest first. */
    public List<RejectedLine> rejected(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            h.attach(TerminalDao.class).status(id).orElseThrow(() -> new NotFoundException("No terminal " + id));
            return h.attach(TerminalRecordDao.class).rejected(id, 200);
        });
    }

    private List<Terminal> all() {
        return jdbi.withExtension(TerminalDao.class, dao -> dao.list(clock.instant(), IclockService.DEFAULT_ZONE.getId()))
                .stream().map(this::view).toList();
    }

    private Terminal find(Handle h, long id) {
        return view(h.attach(TerminalDao.class).find(id, clock.instant(), IclockService.DEFAULT_ZONE.getId()).orElseThrow());
    }

    private Terminal view(TerminalDao.Row r) {
        Instant now = clock.instant();
        boolean adopted = r.status().equals(Terminal.ADOPTED);
        boolean silent = adopted && r.siteId() != null && workingHours(r.siteId(), r.siteTimeZone(), now)
                && (r.lastSeenAt() == null || r.lastSeenAt().isBefore(now.minus(config.getSilentAfter())));
        boolean clockOff = adopted && r.clockOffsetSeconds() != null
                && Math.abs((long) r.clockOffsetSeconds()) > config.getClockTolerance().toSeconds();
        return new Terminal(r.id(), r.serialNumber(), r.status(), r.siteId(), r.siteName(), r.name(), r.model(),
                r.firmware(), r.pushVersion(), r.address(), r.allowedRange(), r.info(), r.firstSeenAt(), r.lastSeenAt(),
                r.clockOffsetSeconds(), r.clockOffsetAt(), r.attlogStamp(), r.operlogStamp(), r.keptRecords(),
                r.overflowFrom(), r.refusedAddress(), r.refusedAt(), r.decidedAt(),
                new Terminal.Health(silent, clockOff, r.recordsToday(), r.rejectedLines(), r.unmappedPins()));
    }

    /** Whether now falls in one of the sessions of the site's calendar today. */
    private boolean workingHours(long siteId, String timeZone, Instant now) {
        ZoneId zone = timeZone == null ? IclockService.DEFAULT_ZONE : ZoneId.of(timeZone);
        CalendarDay day = calendar.day(siteId, LocalDate.ofInstant(now, zone));
        LocalTime time = LocalTime.ofInstant(now, zone);
        return day.open() && day.sessions().stream().anyMatch(s -> !time.isBefore(s.start()) && time.isBefore(s.end()));
    }

    private static String checkName(String name) {
        String label = Text.clean(name);
        if (label != null && label.length() > 100) {
            throw InvalidInputException.field("name", "must be at most 100 characters");
        }
        return label;
    }

    /** An IPv4 or IPv6 address, optionally with a prefix length; checked here without any name lookup. */
    static String checkRange(String range) {
        String r = Text.clean(range);
        if (r == null) {
            return null;
        }
        int slash = r.indexOf('/');
        String host = slash < 0 ? r : r.substring(0, slash);
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = !v4 && IPV6.matcher(host).matches() && literal(host);
        Integer prefix = null;
        if (slash >= 0) {
            String p = r.substring(slash + 1);
            prefix = p.matches("[0-9]{1,3}") ? Integer.parseInt(p) : -1;
        }
        if (!(v4 || v6) || (prefix != null && (prefix < 0 || prefix > (v4 ? 32 : 128)))) {
            throw InvalidInputException.field("allowedRange",
                    "must be an address or a network such as 192.168.1.0/24 (IPv4 prefix 0–32, IPv6 0–128)");
        }
        return r;
    }

    /** True when the text is an IPv6 literal: with a colon in it, InetAddress parses it and never looks a name up. */
    private static boolean literal(String host) {
        try {
            return InetAddress.getByName(host) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
