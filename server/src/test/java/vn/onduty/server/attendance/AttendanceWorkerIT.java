package vn.onduty.server.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;
import vn.onduty.server.leave.ApprovedLeave;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.MovableClock;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The attendance worker of two server instances on one database: the refresh of every officer's recent days, started
 * on both while one is in the middle of it, is done by that one only; the next round runs wherever it comes first.
 * Between its full passes a round looks only for the sessions that ended and the officers added since; a site's new
 * day brings the full pass forward.
 */
class AttendanceWorkerIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AttendanceWorkerIT.class);

    /** Migrates the database and serves the API; its own worker is off, the test's two are the instances. */
    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("attendance.workerEnabled", "false"));

    static List<Long> officers;
    static Api admin;
    static long site;
    static long department;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("timeZone", "Asia/Ho_Chi_Minh").createdBy(admin);
        department = aDepartment().createdBy(admin);
        officers = List.of(aStaff(department, site).createdBy(admin), aStaff(department, site).createdBy(admin),
                aStaff(department, site).createdBy(admin));
    }

    @Test
    void theRefreshStartedOnTwoInstancesAtOnceIsDoneByOne() throws Exception {
        ExclusiveJobs firstJobs = jobs();
        ExclusiveJobs secondJobs = jobs();
        AttendanceWorker first = worker(firstJobs);
        AttendanceWorker second = worker(secondJobs);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        // Keeps the first instance inside its round: its recompute waits for this officer's lock (namespace 4004).
        try (Connection officerLock = DriverManager.getConnection(DB.url(), DB.user(), DB.password())) {
            try (Statement st = officerLock.createStatement()) {
                st.execute("select pg_advisory_lock(4004, " + officers.get(0) + ")");
            }
            Future<Integer> firstRound = pool.submit(first::refreshRecentDays);
            awaitHeld(ExclusiveJob.ATTENDANCE_REFRESH);

            int secondComputed = second.refreshRecentDays();

            assertThat(secondComputed).isZero();
            assertThat(secondJobs.roundsSkipped(ExclusiveJob.ATTENDANCE_REFRESH)).isOne();
            assertThat(firstRound.isDone()).as("the first is still in its round").isFalse();
            try (Statement st = officerLock.createStatement()) {
                st.execute("select pg_advisory_unlock(4004, " + officers.get(0) + ")");
            }
            int firstComputed = firstRound.get(30, TimeUnit.SECONDS);

            String ids = officers.stream().map(String::valueOf).collect(Collectors.joining(","));
            long stored = DB.jdbi().withHandle(h -> h.createQuery(
                    "select count(distinct (staff_id, work_date)) from attendance_session where staff_id in (" + ids + ")")
                    .mapTo(Long.class).one());
            assertThat(firstComputed).as("every recent day of the three officers, once").isPositive().isEqualTo((int) stored);
            assertThat(firstJobs.roundsRun(ExclusiveJob.ATTENDANCE_REFRESH)).isOne();
        } finally {
            pool.shutdownNow();
        }

        // The next round is the second instance's if it comes first: it runs, and finds nothing left to compute.
        assertThat(second.refreshRecentDays()).isZero();
        assertThat(secondJobs.roundsRun(ExclusiveJob.ATTENDANCE_REFRESH)).isOne();
    }

    @Test
    void betweenFullPassesARoundComputesOnlyTheSessionsThatEnded() {
        MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        AttendanceConfiguration config = new AttendanceConfiguration();
        config.setFullRefreshInterval(io.dropwizard.util.Duration.hours(1));
        AttendanceWorker worker = worker(jobs(), clock, config);
        worker.refreshRecentDays();
        long ended = officers.get(1);
        long neverComputed = officers.get(2);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Ho_Chi_Minh"));
        // A session that ended still OPEN (the full pass found it open), and a day whose rows are not there yet.
        DB.jdbi().useHandle(h -> {
            h.createUpdate("update attendance_session set status = 'OPEN', ends_at = cast(:now as timestamptz) - interval '1 minute'"
                    + " where staff_id = :id and part = 'MORNING' and work_date = :day")
                    .bind("id", ended).bind("now", clock.instant()).bind("day", today).execute();
            h.createUpdate("delete from attendance_session where staff_id = :id and work_date = :day")
                    .bind("id", neverComputed).bind("day", today).execute();
        });

        clock.advance(Duration.ofMinutes(1));
        assertThat(worker.refreshRecentDays()).as("the ended session's day, nothing else").isOne();
        assertThat(openEnded(ended, clock.instant())).isZero();
        assertThat(rowsOf(neverComputed, today)).as("not looked for between full passes").isZero();

        // An officer added since is not left for the full pass.
        long added = aStaff(department, site).createdBy(admin);
        clock.advance(Duration.ofMinutes(1));
        assertThat(worker.refreshRecentDays()).isPositive();
        assertThat(rowsOf(added, today)).as("the added officer's day").isEqualTo(2);
        assertThat(rowsOf(neverComputed, today)).isZero();

        clock.advance(Duration.ofHours(1));
        assertThat(worker.refreshRecentDays()).isPositive();
        assertThat(rowsOf(neverComputed, today)).as("the full pass finds the day never computed").isEqualTo(2);
    }

    @Test
    void aSitesNewDayIsComputedAtTheFirstRoundAfterItsMidnight() {
        ZoneId hcm = ZoneId.of("Asia/Ho_Chi_Minh");
        LocalDate today = LocalDate.now(hcm);
        MovableClock clock = new MovableClock(today.atTime(23, 50).atZone(hcm).toInstant());
        AttendanceConfiguration config = new AttendanceConfiguration();
        config.setFullRefreshInterval(io.dropwizard.util.Duration.hours(1));
        AttendanceWorker worker = worker(jobs(), clock, config);
        worker.refreshRecentDays();
        LocalDate tomorrow = today.plusDays(1);
        assertThat(rowsOf(officers.get(0), tomorrow)).as("not computed before its day").isZero();

        clock.advance(Duration.ofMinutes(11));
        worker.refreshRecentDays();
        for (long officer : officers) {
            assertThat(rowsOf(officer, tomorrow)).as("officer %d's new day, 11 minutes after the full pass", officer)
                    .isEqualTo(2);
        }
    }

    static long rowsOf(long officer, LocalDate day) {
        return DB.jdbi().withHandle(h -> h.createQuery(
                        "select count(*) from attendance_session where staff_id = :id and work_date = :day")
                .bind("id", officer).bind("day", day).mapTo(Long.class).one());
    }

    static long openEnded(long officer, Instant now) {
        return DB.jdbi().withHandle(h -> h.createQuery("select count(*) from attendance_session where staff_id = :id"
                        + " and status = 'OPEN' and ends_at <= :now").bind("id", officer).bind("now", now)
                .mapTo(Long.class).one());
    }

    static ExclusiveJobs jobs() {
        return new ExclusiveJobs(() -> DriverManager.getConnection(DB.url(), DB.user(), DB.password()));
    }

    static AttendanceWorker worker(ExclusiveJobs jobs) {
        return worker(jobs, Clock.systemUTC(), new AttendanceConfiguration());
    }

    static AttendanceWorker worker(ExclusiveJobs jobs, Clock clock, AttendanceConfiguration config) {
        AttendanceRecompute recompute = new AttendanceRecompute(DB.jdbi(),
                new WorkingCalendar(DB.jdbi(), LunarCalendar.VIETNAM, clock), new ApprovedLeave(), clock, 1);
        return new AttendanceWorker(recompute, DB.jdbi(), config, clock, jobs);
    }

    /** Until some session holds the job's lock (bounded). */
    static void awaitHeld(ExclusiveJob job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            long held = DB.jdbi().withHandle(h -> h.createQuery("""
                    select count(*) from pg_locks where locktype = 'advisory' and granted
                       and database = (select oid from pg_database where datname = current_database())
                       and classid = :ns and objid = :id and objsubid = 2""")
                    .bind("ns", ExclusiveJob.LOCK_NAMESPACE).bind("id", job.lockId()).mapTo(Long.class).one());
            if (held > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(job + " was never taken");
    }
}
