package vn.onduty.server.quality;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.occupancy.OccupancyDao;
import vn.onduty.server.occupancy.OccupancyInterval;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;
import vn.onduty.server.roster.Assignment;
import vn.onduty.server.roster.CounterNow;
import vn.onduty.server.roster.LeaveLink;
import vn.onduty.server.roster.RosterDay;
import vn.onduty.server.roster.RosterService;

/**
 * Service-quality reports of a site: the ticket KPIs (SQL aggregates), the measures that join tickets
 * to counter presence, the roster and attendance ({@link JoinedMeasures}), the live counter board with
 * the waiting queue, and the site's waiting target. Read by the site's supervisors and admins; the
 * target is changed by admins, audited.
 */
public final class QualityService {

    public static final int DEFAULT_TARGET_MINUTES = 20;
    /** The longest range one report covers. */
    public static final int MAX_DAYS = 93;

    /** Brings attendance up to date for a site and range before it is read (AttendanceService). */
    @FunctionalInterface
    public interface FreshAttendance {
        void ensure(long siteId, LocalDate from, LocalDate to);
    }

    /** A counter's joined measures over a range, in minutes. unattendedQueueMinutes is null without a camera. */
    public record CounterMeasures(long counterId, int number, String name, boolean watched, double openingMinutes,
                                  double occupiedMinutes, double emptyMinutes, double unknownMinutes,
                                  Double coveragePercent, double queueMinutes, Double unattendedQueueMinutes,
                                  double awayMinutes) {}

    /** An officer's presence beside the waits and ratings of the tickets they served (e). */
    public record OfficerMeasures(long staffId, String code, String name, double rosteredMinutes, double presentMinutes,
                                  Double presencePercent, double clockedInMinutes, double awayMinutes, Kpis tickets) {}

    /**
     * (c) one substituted session, with names. leave is the approved leave the substitution covers (its request and
     * type) when leave approval made it; reason is the text a substitution made by hand was given, null with leave.
     */
    public record Cover(LocalDate date, String part, long counterId, int counterNumber, String substitute,
                        String replaced, LeaveLink leave, String reason, double sessionMinutes, double clockedInMinutes,
                        Double occupiedWhileClockedInMinutes) {}

    /** (d) one flag, with names. */
    public record Flag(LocalDate date, String kind, Long counterId, Integer counterNumber, Long staffId, String officer,
                       String ticketNumber, String part, Instant at, double minutes) {}

    /** One day of the site: unattended-queue and away minutes summed over its counters. */
    public record DayMeasures(LocalDate date, double unattendedQueueMinutes, double awayMinutes, Double coveragePercent) {}

    public record Joined(long siteId, LocalDate from, LocalDate to, List<CounterMeasures> counters,
                         List<OfficerMeasures> officers, List<Cover> covers, List<Flag> flags, List<DayMeasures> days) {}

    /** A counter on the live board: presence now, the roster now, and the tickets waiting for its services. */
    public record BoardCounter(long counterId, int number, String name, String state, Instant since, String officer,
                               String substituted, int waiting, Double longestWaitMinutes) {}

    public record Board(long siteId, Instant at, int waiting, Double longestWaitMinutes, List<BoardCounter> counters) {}

    private final Jdbi jdbi;
    private final ReplicaReads reads;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final RosterService roster;
    private final OccupancyService occupancy;
    private final FreshAttendance attendance;
    private final Clock clock;
    private final JoinedDays stored;

    /** Reads the primary only. */
    public QualityService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar, RosterService roster,
                          OccupancyService occupancy, FreshAttendance attendance, Clock clock) {
        this(jdbi, ReplicaReads.primaryOnly(jdbi), audit, policy, calendar, roster, occupancy, attendance, clock);
    }

    /**
     * The ticket KPIs and ticket lists (aggregates over the tickets, which nothing here writes) read through
     * {@code reads}, a streaming replica when configured. The joined measures read the primary: they store finished
     * days ({@link JoinedDays}) against a snapshot of the primary's inputs, which a replica's older reading would spoil.
     */
    public QualityService(Jdbi jdbi, ReplicaReads reads, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar,
                          RosterService roster, OccupancyService occupancy, FreshAttendance attendance, Clock clock) {
        this.jdbi = jdbi;
        this.reads = reads;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
        this.roster = roster;
        this.occupancy = occupancy;
        this.attendance = attendance;
        this.clock = clock;
        this.stored = new JoinedDays(jdbi, clock);
    }

    // ---- access and reference ----

    /** Whether the caller sees the site's service quality: its supervisors and admins. */
    public boolean mayRead(Caller caller, long siteId) {
        return policy.leadsSite(caller, siteId);
    }

    public void requireLeads(Caller caller, long siteId) {
        if (!mayRead(caller, siteId)) {
            throw new ForbiddenException("Only the site's supervisors and administrators see its service quality");
        }
    }

    public Site site(long siteId) {
        return jdbi.withExtension(SiteDao.class, dao -> dao.find(siteId))
                .orElseThrow(() -> new NotFoundException("No site " + siteId));
    }

    public LocalDate today(long siteId) {
        return LocalDate.now(clock.withZone(ZoneId.of(site(siteId).timeZone())));
    }

    public Instant now() {
        return clock.instant();
    }

    // ---- the waiting target ----

    public int target(long siteId) {
        return jdbi.withExtension(QualityDao.class, dao -> dao.target(siteId)).orElse(DEFAULT_TARGET_MINUTES);
    }

    public int target(long siteId, Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        return target(siteId);
    }

    public int setTarget(long siteId, Integer minutes, Caller caller) {
        policy.requireAdmin(caller);
        site(siteId);
        if (minutes == null || minutes < 1 || minutes > 240) {
            throw InvalidInputException.field("waitTargetMinutes", "must be a whole number of minutes from 1 to 240");
        }
        return jdbi.inTransaction(h -> {
            QualityDao dao = h.attach(QualityDao.class);
            int before = dao.target(siteId).orElse(DEFAULT_TARGET_MINUTES);
            dao.setTarget(siteId, minutes);
            if (before != minutes) {
                audit.record(h, caller, "quality_target.update", "quality_target", siteId,
                        Map.of("waitTargetMinutes", before), Map.of("waitTargetMinutes", minutes));
            }
            return minutes;
        });
    }

    // ---- KPIs ----

    public List<Kpis> kpis(long siteId, LocalDate from, LocalDate to, Kpis.By by, Long counterId, Long staffId,
                           Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        checkRange(from, to, 400);
        return kpis(siteId, from, to, by, counterId, staffId);
    }

    /** {@link #kpis(long, LocalDate, LocalDate, Kpis.By, Long, Long, Caller)} without the access check. */
    public List<Kpis> kpis(long siteId, LocalDate from, LocalDate to, Kpis.By by, Long counterId, Long staffId) {
        return kpisRead(siteId, from, to, by, counterId, staffId).value();
    }

    /** {@link #kpis(long, LocalDate, LocalDate, Kpis.By, Long, Long)}, and where they were read. */
    public ReplicaReads.Read<List<Kpis>> kpisRead(long siteId, LocalDate from, LocalDate to, Kpis.By by, Long counterId,
                                                 Long staffId) {
        int target = target(siteId);
        return reads.read(source -> source.withHandle(h -> {
            List<QualityDao.KpiRow> rows = h.attach(QualityDao.class).kpis(by.sql(), siteId, from, to, target * 60,
                    counterId, staffId);
            Map<String, String> labels = new HashMap<>();
            if (by == Kpis.By.COUNTER) {
                h.attach(CounterDao.class).list(siteId, null, null, 10_000, 0)
                        .forEach(c -> labels.put(String.valueOf(c.id()), c.number() + " · " + c.name()));
            } else if (by == Kpis.By.OFFICER) {
                Long[] ids = rows.stream().filter(r -> r.key() != null).map(r -> Long.valueOf(r.key())).toArray(Long[]::new);
                h.attach(QualityDao.class).people(ids).forEach(p -> labels.put(String.valueOf(p.id()), p.code() + " " + p.fullName()));
            }
            return rows.stream().map(r -> Kpis.of(r, r.key() == null ? null : labels.getOrDefault(r.key(), r.key())))
                    .toList();
        }));
    }

    /** The site's KPIs over a range, one line (zeros when there are no tickets). */
    public Kpis siteKpis(long siteId, LocalDate from, LocalDate to) {
        return siteKpisRead(siteId, from, to).value();
    }

    /** {@link #siteKpis}, and where they were read. */
    public ReplicaReads.Read<Kpis> siteKpisRead(long siteId, LocalDate from, LocalDate to) {
        ReplicaReads.Read<List<Kpis>> rows = kpisRead(siteId, from, to, Kpis.By.SITE, null, null);
        return new ReplicaReads.Read<>(rows.value().isEmpty()
                ? new Kpis("site", null, 0, 0, null, null, null, null, null, 0, null) : rows.value().get(0), rows.from());
    }

    public List<TicketDao.Row> tickets(long siteId, LocalDate from, LocalDate to, Long counterId, Long staffId, int limit,
                                       Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        checkRange(from, to, MAX_DAYS);
        return reads.read(source -> source.withExtension(TicketDao.class,
                dao -> dao.list(siteId, from, to, counterId, staffId, limit))).value();
    }

    // ---- the joined measures ----

    public Joined joined(long siteId, LocalDate from, LocalDate to, Caller caller) {
        site(siteId);
        requireLeads(caller, siteId);
        return joined(siteId, from, to);
    }

    /** The joined measures of a site for each day from {@code from} to {@code to}, summed (no access check). */
    public Joined joined(long siteId, LocalDate from, LocalDate to) {
        checkRange(from, to, MAX_DAYS);
        Site site = site(siteId);
        ZoneId zone = ZoneId.of(site.timeZone());
        Instant now = clock.instant();
        if (from.atStartOfDay(zone).toInstant().isAfter(now)) {
            return new Joined(siteId, from, to, List.of(), List.of(), List.of(), List.of(), List.of());
        }
        attendance.ensure(siteId, from, to);
        // Taken before any input is read: what is stored below is the reading of the inputs as of this snapshot.
        String snapshot = stored.snapshot();
        List<Counter> counters = jdbi.withExtension(CounterDao.class, dao -> dao.list(siteId, null, null, 10_000, 0));
        Set<Long> watched = new HashSet<>(jdbi.withExtension(OccupancyDao.class, dao -> dao.watchedCounters(siteId)));
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate last = to.isAfter(today) ? today : to;
        // Finished days come stored while their inputs are unchanged; the rest (today at least) are computed.
        Map<LocalDate, JoinedMeasures.Result> results = new TreeMap<>(
                from.isBefore(today) ? stored.valid(siteId, from, last.isBefore(today) ? last : today.minusDays(1)) : Map.of());
        List<LocalDate> missing = from.datesUntil(last.plusDays(1)).filter(d -> !results.containsKey(d)).toList();
        if (!missing.isEmpty()) {
            Map<LocalDate, JoinedMeasures.Result> computed = compute(siteId, zone, now, missing, counters, watched);
            results.putAll(computed);
            List<LocalDate> finished = computed.keySet().stream().filter(d -> d.isBefore(today)).sorted().toList();
            stored.store(siteId, finished.stream().map(computed::get).toList(), finished, snapshot);
        }

        Map<Long, double[]> counterSums = new LinkedHashMap<>();
        Map<Long, double[]> officerSums = new HashMap<>();
        List<JoinedMeasures.Cover> covers = new ArrayList<>();
        List<JoinedMeasures.Flag> flags = new ArrayList<>();
        List<DayMeasures> days = new ArrayList<>();
        for (Map.Entry<LocalDate, JoinedMeasures.Result> e : results.entrySet()) {
            LocalDate date = e.getKey();
            JoinedMeasures.Result r = e.getValue();
            double dayUnattended = 0;
            long dayOpening = 0;
            long dayOccupied = 0;
            for (JoinedMeasures.CounterDay c : r.counters()) {
                double[] s = counterSums.computeIfAbsent(c.counterId(), k -> new double[7]);
                s[0] += c.openingSeconds();
                s[1] += c.occupiedSeconds();
                s[2] += c.emptySeconds();
                s[3] += c.unknownSeconds();
                s[4] += c.queueSeconds();
                s[5] += c.unattendedQueueSeconds() == null ? 0 : c.unattendedQueueSeconds();
                s[6] += c.awaySeconds();
                if (c.unattendedQueueSeconds() != null) {
                    dayUnattended += c.unattendedQueueSeconds();
                    dayOpening += c.openingSeconds();
                    dayOccupied += c.occupiedSeconds();
                }
            }
            double dayAway = 0;
            for (JoinedMeasures.OfficerDay o : r.officers()) {
                double[] s = officerSums.computeIfAbsent(o.staffId(), k -> new double[4]);
                s[0] += o.rosteredSeconds();
                s[1] += o.presentSeconds();
                s[2] += o.clockedInSeconds();
                s[3] += o.awaySeconds();
                dayAway += o.awaySeconds();
            }
            covers.addAll(r.covers());
            flags.addAll(r.flags());
            days.add(new DayMeasures(date, minutes(dayUnattended), minutes(dayAway),
                    dayOpening == 0 ? null : Kpis.percent(dayOccupied, dayOpening)));
        }

        Set<Long> staffIds = new HashSet<>(officerSums.keySet());
        covers.forEach(c -> {
            staffIds.add(c.staffId());
            staffIds.add(c.replacedStaffId());
        });
        flags.forEach(f -> {
            if (f.staffId() != null) {
                staffIds.add(f.staffId());
            }
        });
        Map<Long, QualityDao.Person> people = new HashMap<>();
        jdbi.withExtension(QualityDao.class, dao -> dao.people(staffIds.toArray(Long[]::new)))
                .forEach(p -> people.put(p.id(), p));
        Map<Long, Counter> byId = new HashMap<>();
        counters.forEach(c -> byId.put(c.id(), c));
        Map<String, Kpis> officerKpis = new HashMap<>();
        kpis(siteId, from, to, Kpis.By.OFFICER, null, null).forEach(k -> officerKpis.put(k.key(), k));

        List<CounterMeasures> counterRows = new ArrayList<>();
        for (Counter c : counters) {
            double[] s = counterSums.getOrDefault(c.id(), new double[7]);
            boolean w = watched.contains(c.id());
            counterRows.add(new CounterMeasures(c.id(), c.number(), c.name(), w, minutes(s[0]), minutes(s[1]),
                    minutes(s[2]), minutes(s[3]), w && s[0] > 0 ? Kpis.percent(Math.round(s[1]), Math.round(s[0])) : null,
                    minutes(s[4]), w ? minutes(s[5]) : null, minutes(s[6])));
        }
        counterRows.sort(Comparator.comparingInt(CounterMeasures::number));
        List<OfficerMeasures> officerRows = new ArrayList<>();
        officerSums.forEach((id, s) -> {
            QualityDao.Person p = people.get(id);
            officerRows.add(new OfficerMeasures(id, p == null ? "" : p.code(), p == null ? "" : p.fullName(),
                    minutes(s[0]), minutes(s[1]), s[0] == 0 ? null : Kpis.percent(Math.round(s[1]), Math.round(s[0])),
                    minutes(s[2]), minutes(s[3]), officerKpis.get(String.valueOf(id))));
        });
        officerRows.sort(Comparator.comparing(OfficerMeasures::code));
        List<Cover> coverRows = covers.stream().map(c -> new Cover(c.date(), c.part().name(), c.counterId(),
                        byId.containsKey(c.counterId()) ? byId.get(c.counterId()).number() : 0, name(people, c.staffId()),
                        name(people, c.replacedStaffId()), c.leave(), c.reason(), minutes(c.sessionSeconds()),
                        minutes(c.clockedInSeconds()), c.watched() ? minutes(c.occupiedWhileClockedInSeconds()) : null))
                .toList();
        List<Flag> flagRows = flags.stream().map(f -> new Flag(f.date(), f.kind().name(), f.counterId(),
                        f.counterId() == null || !byId.containsKey(f.counterId()) ? null : byId.get(f.counterId()).number(),
                        f.staffId(), f.staffId() == null ? null : name(people, f.staffId()), f.ticketNumber(),
                        f.part() == null ? null : f.part().name(), f.at(), minutes(f.seconds())))
                .toList();
        return new Joined(siteId, from, to, counterRows, officerRows, coverRows, flagRows, days);
    }

    /**
     * Computes the joined measures of the given days of a site (all before now, in order) from their inputs,
     * read over the range from the first to the last.
     */
    private Map<LocalDate, JoinedMeasures.Result> compute(long siteId, ZoneId zone, Instant now, List<LocalDate> dates,
                                                          List<Counter> counters, Set<Long> watched) {
        LocalDate from = dates.get(0);
        LocalDate to = dates.get(dates.size() - 1);
        Set<LocalDate> wanted = new HashSet<>(dates);
        Instant rangeStart = from.atStartOfDay(zone).toInstant();
        Instant rangeEnd = to.plusDays(1).atStartOfDay(zone).toInstant();
        // The same intervals OccupancyService.intervals answers, read in the form a month of them is cheap in.
        List<OccupancyInterval> intervals = watched.isEmpty() ? List.of()
                : jdbi.withExtension(QualityDao.class, dao -> dao.intervals(watched.toArray(Long[]::new), rangeStart,
                        rangeEnd.isAfter(now) ? now : rangeEnd));
        List<QualityDao.Attended> attended = jdbi.withExtension(QualityDao.class, dao -> dao.attended(siteId, from, to));
        List<QualityDao.TicketSpan> tickets = jdbi.withExtension(QualityDao.class, dao -> dao.tickets(siteId, from, to));
        List<RosterDay> rosterDays = roster.days(siteId, from, to);
        Map<LocalDate, List<OccupancyInterval>> intervalsByDay = new HashMap<>();
        for (OccupancyInterval i : intervals) {
            LocalDate first = i.start().atZone(zone).toLocalDate();
            LocalDate last = (i.end() == null ? now : i.end()).atZone(zone).toLocalDate();
            for (LocalDate d = first.isBefore(from) ? from : first; !d.isAfter(last) && !d.isAfter(to); d = d.plusDays(1)) {
                intervalsByDay.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
            }
        }
        Map<LocalDate, List<QualityDao.Attended>> attendedByDay = attended.stream()
                .collect(Collectors.groupingBy(QualityDao.Attended::workDate));
        Map<LocalDate, List<QualityDao.TicketSpan>> ticketsByDay = tickets.stream()
                .collect(Collectors.groupingBy(QualityDao.TicketSpan::serviceDate));
        List<JoinedMeasures.CounterInfo> infos = counters.stream()
                .map(c -> new JoinedMeasures.CounterInfo(c.id(), c.number(), c.name(), c.services(), watched.contains(c.id())))
                .toList();

        Map<LocalDate, JoinedMeasures.Result> results = new HashMap<>();
        for (RosterDay rd : rosterDays) {
            LocalDate date = rd.date();
            Instant dayStart = date.atStartOfDay(zone).toInstant();
            if (!wanted.contains(date) || !dayStart.isBefore(now)) {
                continue;
            }
            Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
            if (dayEnd.isAfter(now)) {
                dayEnd = now;
            }
            CalendarDay cd = calendar.day(siteId, date);
            List<JoinedMeasures.Window> windows = new ArrayList<>();
            for (CalendarDay.Session s : cd.sessions()) {
                Instant start = cd.at(s.start());
                Instant end = cd.at(s.end());
                if (start.isBefore(dayEnd)) {
                    windows.add(new JoinedMeasures.Window(s.part(), start, end.isAfter(dayEnd) ? dayEnd : end));
                }
            }
            List<JoinedMeasures.Rostered> rostered = new ArrayList<>();
            for (Assignment a : rd.assignments()) {
                if (a.officer() != null) {
                    rostered.add(new JoinedMeasures.Rostered(a.counterId(), a.part(), a.officer().id(),
                            a.substituted() == null ? null : a.substituted().id(), a.reason(), a.leave()));
                }
            }
            List<JoinedMeasures.ClockedIn> clocked = attendedByDay.getOrDefault(date, List.of()).stream()
                    .map(x -> new JoinedMeasures.ClockedIn(x.staffId(), x.part(), x.inAt(), x.outAt())).toList();
            List<JoinedMeasures.Ticket> dayTickets = ticketsByDay.getOrDefault(date, List.of()).stream()
                    .map(t -> new JoinedMeasures.Ticket(t.id(), t.number(), t.service(), t.counterId(), t.staffId(),
                            t.issuedAt(), t.calledAt(), t.startedAt(), t.endedAt(), t.outcome()))
                    .toList();
            results.put(date, JoinedMeasures.of(new JoinedMeasures.Day(date, dayStart, dayEnd, windows, infos,
                    intervalsByDay.getOrDefault(date, List.of()), rostered, clocked, dayTickets)));
        }
        return results;
    }

    // ---- the live board ----

    /** Every active counter now: camera state, who the roster puts there, and the tickets waiting for it. */
    public Board board(long siteId, Caller caller) {
        Site site = site(siteId);
        requireLeads(caller, siteId);
        Instant now = clock.instant();
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(site.timeZone())));
        List<TicketDao.Row> waiting = jdbi.withExtension(TicketDao.class, dao -> dao.waiting(siteId, today, now));
        Map<Long, OccupancyService.BoardEntry> states = new HashMap<>();
        occupancy.board(siteId, caller).forEach(e -> states.put(e.counterId(), e));
        Map<Long, Counter> counters = new HashMap<>();
        jdbi.withExtension(CounterDao.class, dao -> dao.list(siteId, null, true, 10_000, 0)).forEach(c -> counters.put(c.id(), c));
        List<BoardCounter> rows = new ArrayList<>();
        for (CounterNow n : roster.now(siteId, now)) {
            Counter c = counters.get(n.counterId());
            if (c == null) {
                continue;
            }
            Set<String> services = c.services().stream().map(s -> s.strip().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.toSet());
            List<TicketDao.Row> mine = waiting.stream().filter(t -> services.isEmpty() || t.service() == null
                    || services.contains(t.service().strip().toLowerCase(java.util.Locale.ROOT))).toList();
            OccupancyService.BoardEntry e = states.get(c.id());
            boolean current = n.state() == CounterNow.State.CURRENT;
            rows.add(new BoardCounter(c.id(), c.number(), c.name(), e == null ? null : e.state(), e == null ? null : e.since(),
                    current && n.officer() != null ? n.officer().label() : null,
                    current && n.substituted() != null ? n.substituted().label() : null, mine.size(),
                    mine.isEmpty() ? null : Kpis.minutes(ChronoUnit.SECONDS.between(mine.get(0).issuedAt(), now))));
        }
        return new Board(siteId, now, waiting.size(),
                waiting.isEmpty() ? null : Kpis.minutes(ChronoUnit.SECONDS.between(waiting.get(0).issuedAt(), now)), rows);
    }

    // ---- helpers ----

    private static String name(Map<Long, QualityDao.Person> people, long id) {
        QualityDao.Person p = people.get(id);
        return p == null ? String.valueOf(id) : p.code() + " " + p.fullName();
    }

    static double minutes(double seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }

    static void checkRange(LocalDate from, LocalDate to, int maxDays) {
        if (from == null || to == null) {
            throw InvalidInputException.field(from == null ? "from" : "to", "is required, e.g. 2026-11-01");
        }
        if (to.isBefore(from)) {
            throw InvalidInputException.field("to", "must not be before from (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
            throw InvalidInputException.field("to", "must be less than " + maxDays + " days after from");
        }
    }
}
