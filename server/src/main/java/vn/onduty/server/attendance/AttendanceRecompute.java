package vn.onduty.server.attendance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.SiteCalendar;
import vn.onduty.server.calendar.SiteCalendarDao;
import vn.onduty.server.calendar.WorkingCalendar;

/**
 * Computes officer-days and stores them: each day's stored rows become exactly the computed ones, and only
 * rows that differ are written. Work is batched: officers go in groups of at most {@link #STAFF_PER_TRANSACTION},
 * and each group costs a fixed handful of statements (lock, dequeue, officers, punches, official business,
 * leave, stored rows, delete, COPY) however many days it spans. The groups of one call run on up to
 * {@code parallelGroups} connections at once (a setting, {@code attendance.parallelGroups}): PostgreSQL works
 * on one core per connection, and a month of a site is worth splitting in two.
 *
 * <p>Concurrency: a group's transaction first takes an advisory lock per officer, in id order, so two
 * recomputes of the same officer (two server instances, the worker and a read, two groups) run one after the
 * other and never interleave their delete and insert; every transaction taking them in the same order, none
 * waits for another in a circle. It then takes the officers' queued days out of the queue, and only then reads
 * the inputs: a change committed before that read is seen; a change committed after it queued its day in its
 * own transaction, and that day is computed again.
 */
public final class AttendanceRecompute {

    public static final int STAFF_PER_TRANSACTION = 250;
    /**
     * Fewer officer-days than this are not split over connections: a group's fixed statements cost a few
     * milliseconds, about what a few hundred officer-days take to compute and write.
     */
    static final int MIN_DAYS_PER_PARALLEL_GROUP = 300;
    /** Officers whose stale days one {@link #ensureFresh} reads at a time, so that a national call holds a bounded list. */
    static final int STAFF_PER_FRESHNESS_CHECK = 8 * STAFF_PER_TRANSACTION;

    private final Jdbi jdbi;
    private final WorkingCalendar calendar;
    private final LeaveSource leave;
    private final Clock clock;
    private final int parallelGroups;
    /** The connections beyond the caller's own: {@code parallelGroups - 1} threads, which end when idle. */
    private final ThreadPoolExecutor helpers;

    public AttendanceRecompute(Jdbi jdbi, WorkingCalendar calendar, LeaveSource leave, Clock clock, int parallelGroups) {
        if (parallelGroups < 1) {
            throw new IllegalArgumentException("parallelGroups must be at least 1, got " + parallelGroups);
        }
        this.jdbi = jdbi;
        this.calendar = calendar;
        this.leave = leave;
        this.clock = clock;
        this.parallelGroups = parallelGroups;
        if (parallelGroups == 1) {
            this.helpers = null;
        } else {
            AtomicInteger threads = new AtomicInteger();
            this.helpers = new ThreadPoolExecutor(parallelGroups - 1, parallelGroups - 1, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "attendance-group-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            this.helpers.allowCoreThreadTimeOut(true);
        }
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
        Long[] all = staffIds.stream().distinct().sorted().toArray(Long[]::new);
        Instant now = clock.instant();
        int computed = 0;
        for (int i = 0; i < all.length; i += STAFF_PER_FRESHNESS_CHECK) {
            Long[] ids = Arrays.copyOfRange(all, i, Math.min(i + STAFF_PER_FRESHNESS_CHECK, all.length));
            List<StaffDay> stale = jdbi.withExtension(AttendanceDao.class, dao -> dao.stale(ids, from, to, now));
            computed += recompute(stale);
        }
        return computed;
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
        List<List<StaffDay>> groups = groups(days, parallelGroups);
        AtomicInteger next = new AtomicInteger();
        return inParallel(groups.size(), () -> {
            int computed = 0;
            for (int i = next.getAndIncrement(); i < groups.size(); i = next.getAndIncrement()) {
                List<StaffDay> group = groups.get(i);
                computed += jdbi.inTransaction(h -> compute(h, group));
            }
            return computed;
        });
    }

    /**
     * The officer-days in groups of whole officers, in id order: at most {@link #STAFF_PER_TRANSACTION} officers
     * each, and at least {@code parallel} groups of about the same number of days when there are enough days to be
     * worth it ({@link #MIN_DAYS_PER_PARALLEL_GROUP} each).
     */
    static List<List<StaffDay>> groups(Collection<StaffDay> days, int parallel) {
        TreeMap<Long, List<StaffDay>> byStaff = new TreeMap<>();
        for (StaffDay d : days) {
            byStaff.computeIfAbsent(d.staffId(), k -> new ArrayList<>()).add(d);
        }
        int wanted = Math.max(ceilDiv(byStaff.size(), STAFF_PER_TRANSACTION),
                Math.min(parallel, days.size() / MIN_DAYS_PER_PARALLEL_GROUP));
        int daysPerGroup = Math.max(1, ceilDiv(days.size(), Math.max(1, wanted)));
        List<List<StaffDay>> groups = new ArrayList<>();
        List<StaffDay> group = new ArrayList<>();
        int staffInGroup = 0;
        for (List<StaffDay> ofOne : byStaff.values()) {
            group.addAll(ofOne);
            if (++staffInGroup == STAFF_PER_TRANSACTION || group.size() >= daysPerGroup) {
                groups.add(group);
                group = new ArrayList<>();
                staffInGroup = 0;
            }
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
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

    /**
     * Drains the queue in batches of {@code batchSize} officer-days on up to {@code parallelGroups} connections,
     * until it is empty or {@code maxBatches} batches ran. Batches taken at once hold different days (each takes
     * what no other transaction is taking); two holding days of one officer run one after the other.
     *
     * @return how many officer-days were taken from the queue
     */
    public int drainQueue(int batchSize, int maxBatches) {
        AtomicInteger batches = new AtomicInteger();
        AtomicBoolean empty = new AtomicBoolean();
        return inParallel(maxBatches, () -> {
            int taken = 0;
            while (!empty.get() && batches.getAndIncrement() < maxBatches) {
                int n = drainQueue(batchSize);
                taken += n;
                if (n < batchSize) {
                    empty.set(true);
                }
            }
            return taken;
        });
    }

    /**
     * Runs {@code work} on this thread and on up to {@code parallelGroups - 1} helper threads at once (never more
     * than {@code tasks} in all), each taking the next piece of the same work until none is left, and adds up what
     * they return. A helper that has not started when this thread has finished (its threads busy with another
     * call) is not needed any more and is skipped; one that has started is waited for. The first failure is thrown
     * once every thread is done; what the others did stays done.
     */
    private int inParallel(int tasks, Callable<Integer> work) {
        int helping = helpers == null ? 0 : Math.min(parallelGroups, tasks) - 1;
        List<AtomicBoolean> claimed = new ArrayList<>();
        List<Future<Integer>> helped = new ArrayList<>();
        for (int i = 0; i < helping; i++) {
            AtomicBoolean claim = new AtomicBoolean();
            claimed.add(claim);
            helped.add(helpers.submit(() -> claim.compareAndSet(false, true) ? work.call() : 0));
        }
        int total = 0;
        RuntimeException failure = null;
        try {
            total += work.call();
        } catch (RuntimeException e) {
            failure = e;
        } catch (Exception e) {
            failure = new IllegalStateException(e);
        }
        for (int i = 0; i < helping; i++) {
            if (claimed.get(i).compareAndSet(false, true)) {
                continue; // never started, and now never will: this thread did its share
            }
            try {
                total += helped.get(i).get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while recomputing attendance", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return total;
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
        replace(dao, ids, from, to, days, computed, now);
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
     * recomputes change few rows (a late punch changes one session, a calendar check none). The rows that differ
     * are deleted, and they and the new ones are written with one COPY, the fastest way into PostgreSQL.
     * The days belong to officers {@code ids} and lie from {@code from} to {@code to}.
     */
    private static void replace(AttendanceDao dao, Long[] ids, LocalDate from, LocalDate to, Collection<StaffDay> days,
                                List<AttendanceSession> computed, Instant now) {
        Set<StaffDay> wanted = new HashSet<>(days);
        Map<Key, AttendanceSession> stored = new HashMap<>();
        // Most calls are whole months of their officers: read each one's range. Days scattered over a longer
        // range (under half of it wanted) are read one by one instead.
        long span = ids.length * (to.toEpochDay() - from.toEpochDay() + 1);
        List<AttendanceSession> rows = 2L * days.size() >= span ? dao.stored(ids, from, to)
                : dao.storedDays(days.stream().map(StaffDay::staffId).toArray(Long[]::new),
                        days.stream().map(d -> d.date().toString()).toArray(String[]::new));
        for (AttendanceSession s : rows) {
            if (wanted.contains(new StaffDay(s.staffId(), s.workDate()))) {
                stored.put(Key.of(s), s);
            }
        }
        List<AttendanceSession> writes = new ArrayList<>();
        List<AttendanceSession> gone = new ArrayList<>();
        for (AttendanceSession s : computed) {
            AttendanceSession before = stored.remove(Key.of(s));
            if (s.equals(before)) {
                continue;
            }
            if (before != null) {
                gone.add(before);
            }
            writes.add(s);
        }
        // Rows no longer computed at all (a day now before the service start date).
        gone.addAll(stored.values());
        touchQualityDays(dao, writes, gone);
        if (!gone.isEmpty()) {
            dao.planForTheseParameters();
            dao.delete(gone.stream().map(AttendanceSession::staffId).toArray(Long[]::new),
                    gone.stream().map(g -> g.workDate().toString()).toArray(String[]::new),
                    gone.stream().map(g -> g.part().name()).toArray(String[]::new), ids, from, to);
        }
        if (!writes.isEmpty()) {
            dao.copy(SessionCopy.encode(writes, now));
        }
    }

    /**
     * Marks the days whose rows change as touched for the stored joined measures (quality_touch, migration
     * 0068): attendance rows are written here only, and one small insert costs far less than the statement
     * triggers the other inputs have (their transition tables cost 15 % of a month's recompute).
     */
    private static void touchQualityDays(AttendanceDao dao, List<AttendanceSession> writes,
                                         List<AttendanceSession> gone) {
        if (writes.isEmpty() && gone.isEmpty()) {
            return;
        }
        // Per site, the first and the last day touched; a row that goes may have been at another site (the
        // officer moved), so its site is touched too.
        Map<Long, LocalDate[]> touched = new HashMap<>();
        for (List<AttendanceSession> rows : List.of(writes, gone)) {
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
}
