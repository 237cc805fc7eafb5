package vn.onduty.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Tickets.at;
import static vn.onduty.server.testing.Tickets.batch;
import static vn.onduty.server.testing.Tickets.ticket;
import static vn.onduty.server.testing.Tickets.with;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Finished days' joined measures are stored (JoinedDays) and must never be read stale: whatever changes a
 * day's inputs afterwards, through any path, shows in the next report. Each test has its own past working
 * day at one watched counter handling "Hộ tịch": sessions 07:30–11:30 and 13:30–17:00, the seat occupied
 * from 07:30 except empty 09:00–10:00, and ticket A waiting 09:10–09:40.
 */
class JoinedDaysIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(JoinedDaysIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final AtomicLong SEQ = new AtomicLong();
    static Api admin;
    static long site;
    static long counter;
    static Org.Body counterBody;
    static long department;
    static long camera;
    static long zone;
    static DeviceAgent agent;
    static Fingerprints.Sensor sensor;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        Org.workingUntilFivePm(admin, site);
        department = aDepartment().createdBy(admin);
        counterBody = aCounter(site).with("services", List.of("Hộ tịch"));
        counter = counterBody.createdBy(admin);
        agent = DeviceAgent.register(APP, admin, site);
        camera = Cameras.create(admin, Cameras.aCamera(site));
        zone = Cameras.zone(admin, camera, counter, Cameras.seat(0));
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
    }

    /** The day described in the class comment. */
    static void arrangeDay(String day) {
        String[][] changes = {{"07:00", "unknown", "agent_start"}, {"07:30", "occupied", null}, {"09:00", "empty", null},
                {"10:00", "occupied", null}, {"17:00", "empty", null}};
        List<Map<String, Object>> events = new ArrayList<>();
        for (String[] c : changes) {
            events.add(Cameras.occupancy(camera, SEQ.incrementAndGet(), at(day, c[0]), zone, counter, c[1], c[2]));
        }
        agent.deliver(events);
        postTickets(with(ticket("A", at(day, "09:10")), "service", "Hộ tịch", "calledAt", at(day, "09:40")));
    }

    @SafeVarargs
    static void postTickets(Map<String, Object>... tickets) {
        Reply r = admin.post("/api/tickets", batch(site, List.of(tickets)));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    static JsonNode joined(String day) {
        Reply r = admin.get("/api/quality/joined?siteId=" + site + "&from=" + day + "&to=" + day);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    static JsonNode counterOf(String day) {
        return joined(day).get("counters").get(0);
    }

    static long stored(String day) {
        return DB.count("quality_day", "site_id = " + site + " and day = date '" + day + "'");
    }

    @Test
    void aStoredDayReadsTheSameAsTheDayComputedFromScratch() {
        String day = "2026-11-17";
        arrangeDay(day);

        JsonNode first = joined(day);
        assertThat(stored(day)).isEqualTo(1);
        JsonNode fromStore = joined(day);
        DB.jdbi().useHandle(h -> h.execute("delete from quality_day where site_id = ?", site));
        JsonNode fromScratch = joined(day);

        assertThat(first.get("counters").get(0).get("unattendedQueueMinutes").asDouble()).isEqualTo(30.0);
        assertThat(fromStore).isEqualTo(first);
        assertThat(fromScratch).isEqualTo(first);
    }

    @Test
    void everyKindOfLateChangeToAStoredDayShowsInTheNextReport() {
        String day = "2026-11-18";
        arrangeDay(day);
        assertThat(counterOf(day).get("unattendedQueueMinutes").asDouble()).isEqualTo(30.0);
        assertThat(stored(day)).isEqualTo(1);

        // A ticket reported late: B waits 09:35–10:20, so someone waits 09:10–10:20, unattended 09:10–10:00.
        postTickets(with(ticket("B", at(day, "09:35")), "service", "Hộ tịch", "calledAt", at(day, "10:20")));
        assertThat(counterOf(day).get("unattendedQueueMinutes").asDouble()).isEqualTo(50.0);

        // A camera batch delivered late: the seat was taken again at 09:30, so unattended is 09:10–09:30.
        agent.deliver(List.of(Cameras.occupancy(camera, SEQ.incrementAndGet(), at(day, "09:30"), zone, counter,
                "occupied", null)));
        assertThat(counterOf(day).get("unattendedQueueMinutes").asDouble()).isEqualTo(20.0);

        // A roster change: an officer put at the counter for the morning is now in the officers' rows.
        long officer = aStaff(department, site).createdBy(admin);
        Reply change = admin.post("/api/roster/changes", Map.of("counterId", counter, "date", day, "part", "MORNING",
                "kind", "ASSIGN", "staffId", officer, "reason", "Xếp lịch bù"));
        assertThat(change.status()).as("%s", change).isEqualTo(201);
        JsonNode officers = joined(day).get("officers");
        assertThat(officers).hasSize(1);
        assertThat(officers.get(0).get("staffId").asLong()).isEqualTo(officer);
        assertThat(officers.get(0).get("rosteredMinutes").asDouble()).isEqualTo(240.0);
        assertThat(officers.get(0).get("clockedInMinutes").asDouble()).isZero();

        // Attendance: the officer's punch at 07:35 arrives late; clocked in until the session's end, 11:30.
        Fingerprints.enroll(admin, agent, sensor, officer, 1, Instant.parse("2026-09-01T00:00:00Z"));
        agent.deliver(List.of(Events.punch("test", SEQ.incrementAndGet(), at(day, "07:35"), "cua-chinh", 1)));
        assertThat(joined(day).get("officers").get(0).get("clockedInMinutes").asDouble()).isEqualTo(235.0);

        // The counter no longer handles "Hộ tịch": nobody waits for it.
        Reply edited = admin.put("/api/counters/" + counter, counterBody.with("services", List.of("Đất đai")).fields());
        assertThat(edited.status()).as("%s", edited).isEqualTo(200);
        assertThat(counterOf(day).get("queueMinutes").asDouble()).isZero();

        // The day becomes a holiday of the site: no opening hours.
        Reply holiday = admin.post("/api/holidays/days", Map.of("date", day, "kind", "DAY_OFF", "siteId", site,
                "name", "Ngày nghỉ của tỉnh"));
        assertThat(holiday.status()).as("%s", holiday).isEqualTo(201);
        assertThat(counterOf(day).get("openingMinutes").asDouble()).isZero();

        Reply back = admin.put("/api/counters/" + counter, counterBody.with("services", List.of("Hộ tịch")).fields());
        assertThat(back.status()).as("%s", back).isEqualTo(200);
    }

    /**
     * The race a stored day must survive: a transaction writes a ticket of the day, the report is computed and
     * stored while that transaction is still open (so without the ticket), then it commits.
     */
    @Test
    void aChangeCommittedWhileTheDayWasBeingStoredIsNotLost() {
        String day = "2026-11-19";
        arrangeDay(day);
        assertThat(counterOf(day).get("queueMinutes").asDouble()).isEqualTo(30.0);

        try (Handle writer = DB.jdbi().open()) {
            writer.begin();
            writer.createUpdate("""
                    insert into queue_ticket (site_id, service_date, number, service, issued_at, called_at, source)
                    values (:site, cast(:day as date), 'C', 'Hộ tịch', :issued, :called, 'test')
                    """)
                    .bind("site", site).bind("day", day)
                    .bind("issued", Timestamp.from(at(day, "14:00"))).bind("called", Timestamp.from(at(day, "14:30")))
                    .execute();
            DB.jdbi().useHandle(h -> h.execute("delete from quality_day where site_id = ?", site));
            assertThat(counterOf(day).get("queueMinutes").asDouble()).as("read while C is not committed").isEqualTo(30.0);
            assertThat(stored(day)).isEqualTo(1);
            writer.commit();
        }

        assertThat(counterOf(day).get("queueMinutes").asDouble()).isEqualTo(60.0);
    }

    @Test
    void pruningDropsStaleDaysAndKeepsValidOnes() {
        String stale = "2026-11-20";
        String valid = "2026-11-16";
        arrangeDay(stale);
        arrangeDay(valid);
        joined(stale);
        joined(valid);
        postTickets(with(ticket("D", at(stale, "15:00")), "service", "Hộ tịch", "calledAt", at(stale, "15:10")));

        new JoinedDays(DB.jdbi(), java.time.Clock.systemUTC()).prune();

        assertThat(stored(stale)).isZero();
        assertThat(stored(valid)).isEqualTo(1);
        assertThat(counterOf(stale).get("queueMinutes").asDouble()).isEqualTo(40.0);
    }
}
