package vn.onduty.server.attendance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.SiteCalendar;
import vn.onduty.server.calendar.SiteCalendarDao;
import vn.onduty.server.calendar.WorkingCalendar;

/**
 * Computes officer-days and stores them: each day's stored rows become exactly the computed ones, and only
 * rows that differ are written. Work is batched: officers go in groups of {@link #STAFF_PER_TRANSACTION},
 * and each group costs a fixed handful of statements (lock, dequeue, officers, punches, official business,
 * leave, stored rows, delete, insert) however many days it spans.
 *
 * <p>Concurrency: a group's transaction first takes an advisory lock per officer, in id order, so two
 * recomputes of the same officer (two server instances, the worker and a read) run one after the other and
 * never interleave their delete and insert. It then takes the officers' queued days out of the queue, and
 * only then reads the inputs: a change committed before that read is seen; a change committed after it
 * queued its day in its own transaction, and that day is computed again.
 */
public final class AttendanceRecompute {

    public static final int STAFF_PER_TRANSACTION = 250;

    private final Jdbi jdbi;
    private final WorkingCalendar calendar;
    private final LeaveSource leave;
    private final Clock clock;

    public AttendanceRecompute(Jdbi jdbi, WorkingCalendar calendar, LeaveSource leave, Clock clock) {
        this.jdbi = jdbi;
        this.calendar = calendar;
        this.leave = leave;
        this.clock = clock;
    }

    /**
     * Makes these officers' days from {@code from} to {@code to} current before they are read: computes the
     * queued ones, the ones never computed and the ones still open after their session ended.
     *
     * @return how many officer-days were computed
     */
    public int ensureFresh(Collection<Long> staffIds, LocalDate from, LocalDate to) {
        if (staffIds.isEmpty() || to.isBefore(from)) {
            return 0;
        }
        Long[] ids = staffIds.stream().distinct().sorted().toArray(Long[]::new);
        Instant now = clock.instant();
        List<StaffDay> stale = jdbi.withExtension(AttendanceDao.class, dao -> dao.stale(ids, from, to, now));
        return recompute(stale);
    }

    /**
     * The officer's days from {@code from} to {@code to}, both included: what a change to approved leave asks to
     * recompute. Days still to come are included, so the timesheet and the month view show planned leave at once.
     */
    public static List<StaffDay> days(long staffId, LocalDate from, LocalDate to) {
        List<StaffDay> days = new java.util.ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(new StaffDay(staffId, d));
        }
        return days;
    }

    /** Computes these officer-days now, whether or not they were stale. */
    public int recompute(Collection<StaffDay> days) {
        TreeMap<Long, List<StaffDay>> byStaff = new TreeMap<>();
        for (StaffDay d : days) {
            byStaff.computeIfAbsent(d.staffId(), k -> new ArrayList<>()).add(d);
        }
        int computed = 0;
        List<StaffDay> group = new ArrayList<>();
        int staffInGroup = 0;
        for (List<StaffDay> ofOne : byStaff.values()) {
            group.addAll(ofOne);
            if (++staffInGroup == STAFF_PER_TRANSACTION) {
                computed += recomputeGroup(group);
                group = new ArrayList<>();
                staffInGroup = 0;
            }
        }
        if (!group.isEmpty()) {
            computed += recomputeGroup(group);
        }
        return computed;
    }

    /**
     * Takes up to {@code limit} of the oldest queued officer-days and computes them, in one transaction: if
     * the server dies halfway, they are still queued.
     *
     * @return how many officer-days were taken from the queue
     */
    public int drainQueue(int limit) {
        return jdbi.inTransaction(h -> {
            AttendanceDao dao = h.attach(AttendanceDao.class);
            List<StaffDay> claimed = dao.claimOldest(limit);
            if (claimed.isEmpty()) {
                return 0;
            }
            compute(h, claimed);
            return claimed.size();
        });
    }

    private int recomputeGroup(List<StaffDay> group) {
        return jdbi.inTransaction(h -> compute(h, group));
    }

    /** Locks the officers, takes their queued days in the range too, computes and replaces every one of them. */
    private int compute(Handle h, Collection<StaffDay> wanted) {
        AttendanceDao dao = h.attach(AttendanceDao.class);
        TreeSet<StaffDay> days = new TreeSet<>(wanted);
        Long[] ids = days.stream().map(StaffDay::staffId).distinct().sorted().toArray(Long[]::new);
        LocalDate from = days.stream().map(StaffDay::date).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = days.stream().map(StaffDay::date).max(LocalDate::compareTo).orElseThrow();
        dao.lock(ids);
        days.addAll(dao.claim(ids, from, to));
        // A calendar change commits its queued days with its audit row; having seen the days, the calendar
        // must see the change too, even one made through another server instance a moment ago.
        WorkingCalendar.Within calendarNow = calendar.within(h);
        Instant now = clock.instant();

        Map<Long, AttendanceDao.OfficerRow> officers = new HashMap<>();
        for (AttendanceDao.OfficerRow o : dao.officers(ids)) {
            officers.put(o.id(), o);
        }
        // Days of officers who left are kept as they were last computed: history, not recomputed into nothing.
        days.removeIf(d -> officers.get(d.staffId()) == null || !officers.get(d.staffId()).active());
        if (days.isEmpty()) {
            return 0;
        }
        Map<StaffDay, List<DayPunch>> punches = new HashMap<>();
        Map<Long, ZoneId> zones = new HashMap<>();
        for (AttendanceDao.PunchRow p : dao.punches(ids, from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            ZoneId zone = zones.computeIfAbsent(p.staffId(), id -> ZoneId.of(officers.get(id).timeZone()));
            punches.computeIfAbsent(new StaffDay(p.staffId(), p.at().atZone(zone).toLocalDate()), k -> new ArrayList<>())
                    .add(new DayPunch(p.at(), p.correctionId()));
        }
        Map<StaffDay, Map<SessionPart, Long>> business = new HashMap<>();
        for (AttendanceDao.BusinessRow b : dao.officialBusiness(ids, from, to)) {
            Map<SessionPart, Long> parts = business.computeIfAbsent(new StaffDay(b.staffId(), b.workDate()),
                    k -> new EnumMap<>(SessionPart.class));
            for (SessionPart part : SessionPart.values()) {
                if (b.parts().equals("BOTH") || b.parts().equals(part.name())) {
                    parts.put(part, b.id());
                }
            }
        }
        Map<StaffDay, Map<SessionPart, LeaveSource.Leave>> leaves = leave.leave(h, List.of(ids), from, to);
        Map<Long, SiteCalendar> siteCalendars = new HashMap<>();
        SiteCalendarDao calendars = h.attach(SiteCalendarDao.class);

        List<AttendanceSession> computed = new ArrayList<>(days.size() * 2);
        for (StaffDay d : days) {
            AttendanceDao.OfficerRow o = officers.get(d.staffId());
            CalendarDay day = calendarNow.day(o.homeSiteId(), d.date());
            SiteCalendar site = siteCalendars.computeIfAbsent(o.homeSiteId(),
                    id -> calendars.load(id).orElseGet(() -> SiteCalendar.defaults(id)));
            Map<SessionPart, String> codes = new java.util.EnumMap<>(SessionPart.class);
            java.util.Set<SessionPart> everyDay = java.util.EnumSet.noneOf(SessionPart.class);
            leaves.getOrDefault(d, Map.of()).forEach((part, l) -> {
                codes.put(part, l.code());
                if (l.everyDay()) {
                    everyDay.add(part);
                }
            });
            AttendanceRules.DayInput input = new AttendanceRules.DayInput(
                    new AttendanceRules.Officer(o.id(), o.homeSiteId(), o.active(), o.serviceStartDate(),
                            o.endOfServiceDate()), day,
                    AttendanceRules.normallyWorks(site, d.date()), punches.getOrDefault(d, List.of()),
                    codes, business.getOrDefault(d, Map.of()), everyDay);
            computed.addAll(AttendanceRules.compute(input, now));
        }
        replace(dao, days, computed, now);
        return days.size();
    }

    /** A row's primary key. */
    private record Key(long staffId, LocalDate date, SessionPart part) {
        static Key of(AttendanceSession s) {
            return new Key(s.staffId(), s.workDate(), s.part());
        }
    }

    /**
     * Makes the stored rows of these days exactly {@code computed}, writing only the rows that differ: a row
     * computed as it is stored stays as it is (with its computed_at, which so tells when it last changed). Most
     * recomputes change few rows (a late punch changes one session, a calendar check none), and an insert is the
     * costly part, with its three foreign keys checked row by row.
     */
    private static void replace(AttendanceDao dao, Collection<StaffDay> days, List<AttendanceSession> computed,
                                Instant now) {
        Long[] staff = new Long[days.size()];
        String[] dates = new String[days.size()];
        int i = 0;
        for (StaffDay d : days) {
            staff[i] = d.staffId();
            dates[i++] = d.date().toString();
        }
        Map<Key, AttendanceSession> stored = new HashMap<>();
        for (AttendanceSession s : dao.stored(staff, dates)) {
            stored.put(Key.of(s), s);
        }
        List<AttendanceSession> inserts = new ArrayList<>();
        List<AttendanceSession> gone = new ArrayList<>();
        for (AttendanceSession s : computed) {
            AttendanceSession before = stored.remove(Key.of(s));
            if (s.equals(before)) {
                continue;
            }
            if (before != null) {
                gone.add(before);
            }
            inserts.add(s);
        }
        // Rows no longer computed at all (a day now before the service start date).
        gone.addAll(stored.values());
        List<Key> deletes = gone.stream().map(Key::of).toList();
        touchQualityDays(dao, inserts, gone);
        if (!deletes.isEmpty()) {
            dao.delete(deletes.stream().map(Key::staffId).toArray(Long[]::new),
                    deletes.stream().map(k -> k.date().toString()).toArray(String[]::new),
                    deletes.stream().map(k -> k.part().name()).toArray(String[]::new));
        }
        insert(dao, inserts, now);
    }

    /**
     * Marks the days whose rows change as touched for the stored joined measures (quality_touch, migration
     * 0068): attendance rows are written here only, and one small insert costs far less than the statement
     * triggers the other inputs have (their transition tables cost 15 % of a month's recompute).
     */
    private static void touchQualityDays(AttendanceDao dao, List<AttendanceSession> inserts,
                                         List<AttendanceSession> gone) {
        if (inserts.isEmpty() && gone.isEmpty()) {
            return;
        }
        // Per site, the first and the last day touched; a row that goes may have been at another site (the
        // officer moved), so its site is touched too.
        Map<Long, LocalDate[]> touched = new HashMap<>();
        for (List<AttendanceSession> rows : List.of(inserts, gone)) {
            for (AttendanceSession s : rows) {
                LocalDate d = s.workDate();
                touched.merge(s.siteId(), new LocalDate[] {d, d}, (a, b) -> new LocalDate[] {
                        a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        dao.touchQualityDays(touched.keySet().toArray(Long[]::new),
                touched.values().stream().map(d -> d[0].toString()).toArray(String[]::new),
                touched.values().stream().map(d -> d[1].toString()).toArray(String[]::new));
    }

    /** One unnest insert, the rows gathered column by column. */
    private static void insert(AttendanceDao dao, List<AttendanceSession> all, Instant now) {
        if (all.isEmpty()) {
            return;
        }
        int n = all.size();
        Long[] staff = new Long[n];
        String[] dates = new String[n];
        String[] parts = new String[n];
        Long[] sites = new Long[n];
        String[] statuses = new String[n];
        Long[] starts = new Long[n];
        Long[] ends = new Long[n];
        Long[] ins = new Long[n];
        Long[] outs = new Long[n];
        Integer[] late = new Integer[n];
        Integer[] early = new Integer[n];
        String[] missing = new String[n];
        String[] leave = new String[n];
        Long[] corrections = new Long[n];
        for (int i = 0; i < n; i++) {
            AttendanceSession s = all.get(i);
            staff[i] = s.staffId();
            dates[i] = s.workDate().toString();
            parts[i] = s.part().name();
            sites[i] = s.siteId();
            statuses[i] = s.status().name();
            starts[i] = micros(s.startsAt());
            ends[i] = micros(s.endsAt());
            ins[i] = micros(s.inAt());
            outs[i] = micros(s.outAt());
            late[i] = s.lateMinutes();
            early[i] = s.earlyLeaveMinutes();
            missing[i] = s.missing() == null ? null : s.missing().name();
            leave[i] = s.leaveCode();
            corrections[i] = s.correctionId();
        }
        dao.insert(staff, dates, parts, sites, statuses, starts, ends, ins, outs, late, early, missing, leave,
                corrections, now.toString());
    }

    /** Microseconds since the epoch, the precision PostgreSQL stores. */
    private static Long micros(Instant at) {
        return at == null ? null : Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }
}
