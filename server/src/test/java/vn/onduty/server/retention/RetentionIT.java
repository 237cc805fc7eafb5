package vn.onduty.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.db.ExclusiveJob;
import vn.onduty.server.db.ExclusiveJobs;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.MovableClock;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;
import vn.onduty.server.web.I18n;

/**
 * Retention against the real database: records of every kind, some past their retention and some not, and the
 * nightly job with a clock the test moves. Before the night's time nothing goes; at it, exactly what is past its
 * retention goes (in batches smaller than what there is), what was made of a raw event keeps it, the locked month's
 * timesheet stays as filed, and the run is in the audit log; the same night does not run twice. Settings are audited
 * and refused below a kind's least, and the audit log refuses to lose an event younger than a year.
 */
class RetentionIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RetentionIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static Api admin;
    static long site;
    static long staff;
    static long agent;
    static long counter;
    static long camera;
    static long zone;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        long department = aDepartment().createdBy(admin);
        staff = aStaff(department, site).createdBy(admin);
        agent = Org.anAgent(site).create(admin).json().get("agent").get("id").asLong();
        counter = aCounter(site).createdBy(admin);
        camera = Cameras.create(admin, Cameras.aCamera(site));
        zone = Cameras.zone(admin, camera, counter, Cameras.seat(0));
        DB.jdbi().useHandle(h -> h.execute("insert into sensor (agent_id, name) values (?, 'cua-chinh')", agent));
    }

    /** A test's nights months ahead end the sessions of today (LOGINS' 90 days): each test signs in afresh. */
    @BeforeEach
    void signIn() {
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
    }

    @Test
    void theNightlyRunDeletesWhatIsPastRetentionOnceAndKeepsTheRest() {
        // Raw events: old and unused (goes), old but a resolved punch's (stays), recent (stays).
        event("old-unused", 1, days(120), "unrecognised_touch");
        event("old-punch", 1, days(400), "punch");
        punch("old-punch", 1, days(400), staff);
        event("recent", 1, days(10), "unrecognised_touch");
        // Unresolved punches: 200 days old (goes, and its raw event with it), 100 days old (stays), 200 days old but
        // assigned by an admin (stays).
        event("unresolved", 1, days(200), "punch");
        punch("unresolved", 1, days(200), null);
        event("unresolved", 2, days(100), "punch");
        punch("unresolved", 2, days(100), null);
        event("unresolved", 3, days(200), "punch");
        long assigned = punch("unresolved", 3, days(200), null);
        DB.jdbi().useHandle(h -> h.execute("""
                insert into punch_resolution (punch_id, staff_id, resolved_by)
                values (?, ?, (select id from user_account where username = 'quantri'))""", assigned, staff));
        // Presence: 400 days old (goes), 30 days old (stays), and 150 agent-free occupancy events of 400 days ago to
        // delete in more than one batch.
        interval(days(400), days(400).plusSeconds(600));
        interval(days(30), days(30).plusSeconds(600));
        for (int i = 1; i <= 150; i++) {
            event("camera-old", i, days(400).plusSeconds(i), "occupancy");
            occupancyEvent("camera-old", i, days(400).plusSeconds(i));
        }
        // Tickets: of a day 800 days ago (goes) and of last week (stays).
        ticket("T-OLD", LocalDate.now(HCM).minusDays(800));
        ticket("T-NEW", LocalDate.now(HCM).minusDays(7));
        // Camera snapshot records: of 100 days ago (goes) and of 10 days ago (stays).
        snapshot(days(100));
        snapshot(days(10));
        // An uploaded queue-system file of 800 days ago (goes, with the tickets of its time).
        DB.jdbi().useHandle(h -> {
            long source = h.createQuery("insert into ticket_source (name) values ('Kiosk cũ') returning id")
                    .mapTo(Long.class).one();
            h.execute("""
                    insert into ticket_import (site_id, source_id, file_name, content, status, created_at)
                    values (?, ?, 'cu.csv', '\\x00', 'DONE', ?)""", site, source, days(800));
        });
        // Sign-ins: an attempt and a session ended 100 days ago (go), recent ones (stay).
        DB.jdbi().useHandle(h -> {
            h.execute("insert into login_attempt (username, ip, at, success) values ('ai-do', '127.0.0.1', ?, false)", days(100));
            h.execute("insert into login_attempt (username, ip, at, success) values ('ai-do', '127.0.0.1', ?, false)", days(5));
            h.execute("""
                    insert into auth_session (token_hash, user_id, kind, csrf_token, created_at, expires_at)
                    values (decode(md5('old'), 'hex'), (select id from user_account where username = 'quantri'), 'API', 'x', ?, ?)""",
                    days(101), days(100));
        });
        // The audit log: an event of six years ago (goes) and of four years ago (stays: five years by default).
        DB.jdbi().useHandle(h -> {
            h.execute("insert into audit_event (at, actor, action, entity_type) values (?, 'test', 'old.six', 'x')", days(6 * 366));
            h.execute("insert into audit_event (at, actor, action, entity_type) values (?, 'test', 'old.four', 'x')", days(4 * 365));
        });
        // Last month's timesheet, filed.
        YearMonth filed = YearMonth.now(HCM).minusMonths(1);
        Reply locked = admin.post("/api/timesheets/" + filed + "/lock?siteId=" + site, null);
        assertThat(locked.status()).as("%s", locked).isEqualTo(200);
        String sheet = admin.get("/api/timesheets/" + filed + "?siteId=" + site).body();

        LocalDate night = LocalDate.now(HCM).plusDays(1);
        MovableClock clock = new MovableClock(night.atTime(1, 0).atZone(HCM).toInstant());
        RetentionJob job = job(clock, 100);

        job.tick();
        assertThat(DB.count("retention_run", "run_date = '" + night + "'")).as("01:00 is before the night's run").isZero();
        assertThat(DB.count("agent_event", "stream = 'old-unused'")).isOne();

        clock.set(night.atTime(LocalTime.of(2, 31)).atZone(HCM).toInstant());
        job.tick();

        assertThat(DB.count("retention_run", "run_date = '" + night + "'")).isOne();
        assertThat(streams("agent_event")).containsExactlyInAnyOrder("old-punch/1", "recent/1", "unresolved/2", "unresolved/3");
        assertThat(streams("punch")).containsExactlyInAnyOrder("old-punch/1", "unresolved/2", "unresolved/3");
        assertThat(DB.count("occupancy_interval")).isOne();
        assertThat(DB.count("occupancy_event")).isZero();
        assertThat(DB.rows("select number from queue_ticket")).containsExactly(TestDatabase.row("number", "T-NEW"));
        assertThat(DB.count("ticket_import", "file_name = 'cu.csv'")).isZero();
        assertThat(DB.count("camera_snapshot")).isOne();
        assertThat(DB.count("camera_snapshot", "taken_at > now() - interval '20 days'")).isOne();
        assertThat(DB.count("login_attempt", "username = 'ai-do'")).as("the recent one").isOne();
        assertThat(DB.count("auth_session", "token_hash = decode(md5('old'), 'hex')")).isZero();
        assertThat(DB.count("audit_event", "action like 'old.%'")).isOne();
        assertThat(DB.count("audit_event", "action = 'old.four'")).isOne();
        assertThat(admin.get("/api/timesheets/" + filed + "?siteId=" + site).body()).as("the filed month stays").isEqualTo(sheet);

        JsonNode run = auditOfRun(night);
        assertThat(run.get("AGENT_EVENTS").get("removed").asInt()).as("the unused one, the unresolved punch's and 150 of"
                + " the camera's").isEqualTo(152);
        assertThat(run.get("UNRESOLVED_PUNCHES").get("removed").asInt()).isEqualTo(1);
        assertThat(run.get("OCCUPANCY").get("removed").asInt()).isEqualTo(151);
        assertThat(run.get("TICKETS").get("removed").asInt()).as("a ticket and a file").isEqualTo(2);
        assertThat(run.get("CAMERA_SNAPSHOTS").get("removed").asInt()).isEqualTo(1);
        assertThat(run.get("LOGINS").get("removed").asInt()).isEqualTo(2);
        assertThat(run.get("AUDIT_EVENTS").get("removed").asInt()).isEqualTo(1);
        assertThat(run.get("AGENT_EVENTS").get("before").asText())
                .isEqualTo(clock.instant().minus(Duration.ofDays(90)).toString());

        // The same night again, from this instance or another: nothing more.
        job.tick();
        job(clock, 100).tick();
        assertThat(DB.count("retention_run", "run_date = '" + night + "'")).isOne();
        assertThat(DB.count("audit_event", "action = 'retention.run' and entity_id in (select cast(id as text)"
                + " from retention_run where run_date = '" + night + "')")).isOne();

        // The next night runs again, and finds nothing more to remove.
        clock.set(clock.instant().plus(Duration.ofDays(1)));
        job.tick();
        assertThat(DB.count("retention_run", "run_date in ('" + night + "', '" + night.plusDays(1) + "')")).isEqualTo(2);
        assertThat(auditOfRun(night.plusDays(1)).get("AGENT_EVENTS").get("removed").asInt()).isZero();
    }

    /**
     * Raw events are looked at once each (migration 0265: the step goes on from a cursor), and still none that should
     * go stays: events that age past the cut-off after a night, in batches; one whose unresolved punch goes on a later
     * night, long after the cursor passed it; one arriving late, behind the cursor.
     */
    @Test
    void eachNightGoesOnFromWhereTheLastStoppedAndNoRawEventThatShouldGoStays() {
        long other = Org.anAgent(site).create(admin).json().get("agent").get("id").asLong();
        DB.jdbi().useHandle(h -> h.execute("insert into sensor (agent_id, name) values (?, 'cua-phu')", other));
        LocalDate night = LocalDate.now(HCM).plusDays(40);
        MovableClock clock = new MovableClock(night.atTime(2, 31).atZone(HCM).toInstant());
        Instant start = clock.instant();
        event(other, "unused", 1, start.minus(Duration.ofDays(120)), "unrecognised_touch");
        for (int i = 1; i <= 250; i++) {
            event(other, "many", i, start.minus(Duration.ofDays(95)).plusSeconds(i), "unrecognised_touch");
        }
        event(other, "punched", 1, start.minus(Duration.ofDays(100)), "punch");
        punch(other, "punched", 1, start.minus(Duration.ofDays(100)), staff);
        event(other, "unresolved", 1, start.minus(Duration.ofDays(100)), "punch");
        punch(other, "unresolved", 1, start.minus(Duration.ofDays(100)), null);
        event(other, "ages", 1, start.minus(Duration.ofDays(89)), "unrecognised_touch");
        // As a database upgraded to 0265 is: no cursor yet, and these arrived on time (nothing on the freed list).
        DB.jdbi().useHandle(h -> {
            h.execute("delete from retention_raw_event_cursor");
            h.execute("delete from retention_freed_event");
        });
        RetentionJob job = job(clock, 100);

        job.tick();
        assertThat(streams("agent_event", other)).as("in three batches of the cursor")
                .containsExactlyInAnyOrder("punched/1", "unresolved/1", "ages/1");
        assertThat(DB.rows("select at from retention_raw_event_cursor")).as("where the night stopped").hasSize(1);

        clock.set(start.plus(Duration.ofDays(2)));
        job.tick();
        assertThat(streams("agent_event", other)).as("aged past the cut-off since").containsExactlyInAnyOrder("punched/1",
                "unresolved/1");

        // Behind the cursor: an unused event an agent's outbox kept through an outage, and a late punch's.
        event(other, "late", 1, start.minus(Duration.ofDays(100)), "unrecognised_touch");
        event(other, "late", 2, start.minus(Duration.ofDays(100)), "punch");
        punch(other, "late", 2, start.minus(Duration.ofDays(100)), staff);
        clock.set(start.plus(Duration.ofDays(3)));
        job.tick();
        assertThat(streams("agent_event", other)).containsExactlyInAnyOrder("punched/1", "unresolved/1", "late/2");

        // The unresolved punch passes its 180 days: it goes, and its raw event with it, far behind the cursor.
        clock.set(start.plus(Duration.ofDays(81)));
        job.tick();
        assertThat(streams("punch", other)).containsExactlyInAnyOrder("punched/1", "late/2");
        assertThat(streams("agent_event", other)).containsExactlyInAnyOrder("punched/1", "late/2");
        assertThat(DB.count("retention_freed_event")).as("nothing left listed").isZero();
    }

    /** Raw events kept longer than the occupancy made of them: the cursor finds one when its own days have passed. */
    @Test
    void aRawEventKeptLongerThanWhatWasMadeOfItGoesWhenItsOwnDaysPass() {
        long other = Org.anAgent(site).create(admin).json().get("agent").get("id").asLong();
        LocalDate night = LocalDate.now(HCM).plusDays(200);
        MovableClock clock = new MovableClock(night.atTime(2, 31).atZone(HCM).toInstant());
        Instant start = clock.instant();
        event(other, "camera-1", 1, start.minus(Duration.ofDays(370)), "occupancy");
        occupancyEvent(other, "camera-1", 1, start.minus(Duration.ofDays(370)));
        event(other, "camera-1", 2, start.minus(Duration.ofDays(395)), "camera_status");
        DB.jdbi().useHandle(h -> {
            h.execute("delete from retention_raw_event_cursor");
            h.execute("delete from retention_freed_event");
        });
        Runnable restore = agentEventDays(400);
        try {
            RetentionJob job = job(clock, 100);

            job.tick();
            assertThat(DB.count("occupancy_event", "agent_id = " + other)).as("past OCCUPANCY's 365 days").isZero();
            assertThat(streams("agent_event", other)).as("younger than AGENT_EVENTS' 400 days")
                    .containsExactlyInAnyOrder("camera-1/1", "camera-1/2");
            assertThat(DB.count("retention_freed_event")).isZero();

            clock.set(start.plus(Duration.ofDays(31)));
            job.tick();
            assertThat(streams("agent_event", other)).isEmpty();
        } finally {
            restore.run();
        }
    }

    /**
     * An admin lengthens AGENT_EVENTS' days after a night moved the cursor past the new cut-off: the cursor goes back
     * to it, and a raw event between the two, freed when its occupancy event goes, is found once its days have passed.
     */
    @Test
    void aCutOffMovedBackTakesTheCursorBackWithIt() {
        long other = Org.anAgent(site).create(admin).json().get("agent").get("id").asLong();
        LocalDate night = LocalDate.now(HCM).plusDays(300);
        MovableClock clock = new MovableClock(night.atTime(2, 31).atZone(HCM).toInstant());
        Instant start = clock.instant();
        event(other, "camera-2", 1, start.minus(Duration.ofDays(300)), "occupancy");
        occupancyEvent(other, "camera-2", 1, start.minus(Duration.ofDays(300)));
        DB.jdbi().useHandle(h -> {
            h.execute("delete from retention_raw_event_cursor");
            h.execute("delete from retention_freed_event");
        });
        RetentionJob job = job(clock, 100);

        job.tick();
        assertThat(streams("agent_event", other)).as("its occupancy event is younger than 365 days").hasSize(1);
        assertThat(DB.count("retention_raw_event_cursor", "at >= '" + start.minus(Duration.ofDays(300)) + "'"))
                .as("the night looked at it: the cursor is at it or past it").isOne();

        Runnable restore = agentEventDays(400);
        try {
            clock.set(start.plus(Duration.ofDays(70)));
            job.tick();
            assertThat(DB.count("occupancy_event", "agent_id = " + other)).as("past 365 days").isZero();
            assertThat(streams("agent_event", other)).as("younger than 400 days").hasSize(1);

            clock.set(start.plus(Duration.ofDays(101)));
            job.tick();
            assertThat(streams("agent_event", other)).as("past 400 days").isEmpty();
        } finally {
            restore.run();
        }
    }

    @Test
    void aRunInProgressOnAnotherInstanceIsLeftAloneAndTakenOverWhenThatInstanceDies() throws Exception {
        LocalDate night = LocalDate.now(HCM);
        MovableClock clock = new MovableClock(night.atTime(2, 31).atZone(HCM).toInstant());
        RetentionJob job = job(clock, 100);
        // Another instance is in the middle of the night's run: it has claimed the night and holds the job's lock.
        Connection other = DriverManager.getConnection(DB.url(), DB.user(), DB.password());
        try (Statement st = other.createStatement()) {
            st.execute("select pg_advisory_lock(" + ExclusiveJob.LOCK_NAMESPACE + ", " + ExclusiveJob.RETENTION.lockId() + ")");
            st.execute("insert into retention_run (run_date, started_at) values ('" + night + "', now())");
        }
        String unfinished = "run_date = '" + night + "' and finished_at is null";

        job.tick();
        assertThat(DB.count("retention_run", unfinished)).as("left to the instance running it").isOne();

        other.close(); // that instance dies: its session, and the lock with it, ends
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        job.tick();

        assertThat(DB.count("retention_run", unfinished)).isZero();
        assertThat(DB.count("retention_run", "run_date = '" + night + "'")).isOne();
        assertThat(auditOfRun(night).has("AGENT_EVENTS")).as("the night's run, finished by this instance").isTrue();
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        job.tick();
        job(clock, 100).tick();
        assertThat(DB.count("audit_event", "action = 'retention.run' and entity_id in (select cast(id as text)"
                + " from retention_run where run_date = '" + night + "')")).as("once").isOne();
    }

    @Test
    void anAdminChangesARetentionAuditedButNeverBelowItsLeast() {
        Reply changed = admin.put("/api/retention/AGENT_EVENTS", Map.of("days", 30));
        Reply tooShort = admin.put("/api/retention/AUDIT_EVENTS", Map.of("days", 100));
        Reply unknown = admin.put("/api/retention/VIDEO", Map.of("days", 30));

        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().get("days").asInt()).isEqualTo(30);
        assertThat(changed.json().get("defaultDays").asInt()).isEqualTo(90);
        assertThat(DB.rows("select before->>'days' as b, after->>'days' as a from audit_event where action = 'retention.update'"
                + " and entity_id = 'AGENT_EVENTS'")).containsExactly(TestDatabase.row("b", "90", "a", "30"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).contains("days", "365");
        assertThat(unknown.status()).isEqualTo(404);
        JsonNode all = admin.get("/api/retention").json();
        assertThat(all).hasSize(RetentionKind.values().length);
        assertThat(all.get(6).get("kind").asText()).isEqualTo("AUDIT_EVENTS");
        assertThat(all.get(6).get("days").asInt()).isEqualTo(1825);
        assertThat(all.get(6).get("reason").get("vi").asText()).contains("Nghị định 174/2016/NĐ-CP");

        String page = Browser.at(APP).as(admin.login("quantri", "admin-password-1")).get("/admin/retention").body();
        assertThat(page).contains("Sự kiện gốc từ máy trạm", "value=\"30\"", "Ít nhất 365 ngày");
        admin.put("/api/retention/AGENT_EVENTS", Map.of("days", 90));
    }

    @Test
    void theAuditLogRefusesToLoseAnEventYoungerThanAYearEvenToTheRetentionJob() {
        DB.jdbi().useHandle(h -> h.execute(
                "insert into audit_event (at, actor, action, entity_type) values (?, 'test', 'young.one', 'x')", days(200)));

        assertThatThrownBy(() -> DB.jdbi().useTransaction(h -> {
            h.execute("select set_config('onduty.retention', 'on', true)");
            h.execute("delete from audit_event where action = 'young.one'");
        })).hasMessageContaining("append-only");
        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute("delete from audit_event where at < now() - interval '2 years'")))
                .as("without the retention job's word, not even old events").hasMessageContaining("append-only");
        assertThat(DB.count("audit_event", "action = 'young.one'")).isOne();
    }

    // ---- arranging ----

    static RetentionJob job(Clock clock, int batchSize) {
        AuditLog audit = new AuditLog(DB.jdbi(), Jackson.newObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), clock);
        RetentionService settings = new RetentionService(DB.jdbi(), audit,
                new AccessPolicy(DB.jdbi().onDemand(ScopeDao.class)), new I18n("vi"), clock);
        RetentionConfiguration config = Jackson.newObjectMapper().convertValue(
                Map.of("batchSize", batchSize, "pauseBetweenBatches", "1ms"), RetentionConfiguration.class);
        return new RetentionJob(DB.jdbi(), settings, audit, Jackson.newObjectMapper(), clock, config,
                new ExclusiveJobs(() -> DriverManager.getConnection(DB.url(), DB.user(), DB.password())));
    }

    /** AGENT_EVENTS kept {@code days} (set as an admin's change leaves it) until the returned restore is run. */
    static Runnable agentEventDays(int days) {
        Object kept = DB.rows("select days from retention_setting where kind = 'AGENT_EVENTS'").stream().findFirst()
                .map(r -> r.get("days")).orElse(null);
        DB.jdbi().useHandle(h -> h.execute("""
                insert into retention_setting (kind, days) values ('AGENT_EVENTS', ?)
                on conflict (kind) do update set days = excluded.days""", days));
        return () -> DB.jdbi().useHandle(h -> {
            h.execute("delete from retention_setting where kind = 'AGENT_EVENTS'");
            if (kept != null) {
                h.execute("insert into retention_setting (kind, days) values ('AGENT_EVENTS', ?)", kept);
            }
        });
    }

    static Instant days(int ago) {
        return Instant.now().minus(Duration.ofDays(ago));
    }

    static void event(String stream, long seq, Instant at, String type) {
        event(agent, stream, seq, at, type);
    }

    static void event(long agent, String stream, long seq, Instant at, String type) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into agent_event (agent_id, stream, seq, type, at, payload) values (?, ?, ?, ?, ?, '{}')""",
                agent, stream, seq, type, at));
    }

    static long punch(String stream, long seq, Instant at, Long staffId) {
        return punch(agent, stream, seq, at, staffId);
    }

    static long punch(long agent, String stream, long seq, Instant at, Long staffId) {
        return DB.jdbi().withHandle(h -> h.createQuery("""
                insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id)
                values (:agent, :stream, :seq, (select id from sensor where agent_id = :agent), 3, 80, :at, :staff)
                returning id""").bind("agent", agent).bind("stream", stream).bind("seq", seq).bind("at", at)
                .bind("staff", staffId).mapTo(Long.class).one());
    }

    static void occupancyEvent(String stream, long seq, Instant at) {
        occupancyEvent(agent, stream, seq, at);
    }

    static void occupancyEvent(long agent, String stream, long seq, Instant at) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into occupancy_event (agent_id, stream, seq, camera_id, zone_id, counter_id, state, at)
                values (?, ?, ?, ?, ?, ?, 'empty', ?)""", agent, stream, seq, camera, zone, counter, at));
    }

    static void interval(Instant from, Instant to) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into occupancy_interval (zone_id, counter_id, camera_id, state, started_at, ended_at)
                values (?, ?, ?, 'occupied', ?, ?)""", zone, counter, camera, from, to));
    }

    /** A snapshot taken through a finished camera_snapshot command, its image already erased. */
    static void snapshot(Instant takenAt) {
        DB.jdbi().useHandle(h -> {
            long command = h.createQuery("""
                    insert into agent_command (agent_id, type, camera_id, status, created_by, created_at, finished_at)
                    values (:agent, 'camera_snapshot', :camera, 'DONE',
                            (select id from user_account where username = 'quantri'), :at, :at)
                    returning id""").bind("agent", agent).bind("camera", camera).bind("at", takenAt)
                    .mapTo(Long.class).one();
            h.execute("""
                    insert into camera_snapshot (camera_id, command_id, agent_id, content_type, bytes, image, taken_at,
                                                 expires_at, erased_at)
                    values (?, ?, ?, 'image/jpeg', 1234, null, ?, ?, ?)""",
                    camera, command, agent, takenAt, takenAt.plus(Duration.ofDays(1)), takenAt.plus(Duration.ofDays(1)));
        });
    }

    static void ticket(String number, LocalDate day) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into queue_ticket (site_id, service_date, number, issued_at, source) values (?, ?, ?, ?, 'test')""",
                site, day, number, day.atTime(8, 0).atZone(HCM).toInstant()));
    }

    static java.util.List<String> streams(String table) {
        return streams(table, agent);
    }

    static java.util.List<String> streams(String table, long agent) {
        return DB.rows("select stream || '/' || seq as k from " + table + " where agent_id = ? and stream <> 'camera-old'", agent)
                .stream().map(r -> (String) r.get("k")).toList();
    }

    static JsonNode auditOfRun(LocalDate night) {
        try {
            return Api.JSON.readTree((String) DB.rows("""
                    select cast(after as text) as a from audit_event
                     where action = 'retention.run' and entity_id = (select cast(id as text) from retention_run where run_date = ?)""",
                    night).get(0).get("a"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
