package vn.onduty.server.punch;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Issue 14, point 3: device times are checked. A punch stamped more than 5 minutes ahead of the server's clock, or
 * before the horizon (2000-01-01 from a terminal with a flat clock battery), is stored but flagged, listed for an
 * admin (page and API) and kept out of attendance until accepted, which is audited. The agent's clock offset is on
 * its page. The horizon is the default 40 days here, so the punches are dated from today.
 */
class PunchTimeIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PunchTimeIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("deviceTime.horizon", "40 days"));

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    static Api admin;
    static long site;
    static long officer;
    static DeviceAgent agent;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("timeZone", "Asia/Ho_Chi_Minh").createdBy(admin);
        long department = aDepartment().createdBy(admin);
        officer = aStaff(department, site).with("fullName", "Trần Thị Mai").createdBy(admin);
        agent = DeviceAgent.register(APP, admin, site);
        Fingerprints.Sensor sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
        Fingerprints.enroll(admin, agent, sensor, officer, 4, Instant.parse("1999-12-31T00:00:00Z"));
    }

    @Test
    void punchesWithDoubtfulTimesAreStoredFlaggedListedAndCountOnlyOnceAccepted() throws Exception {
        LocalDate weekday = lastWeekdayBefore(LocalDate.now(HCM).minusDays(2));
        Instant morning = weekday.atTime(LocalTime.of(7, 25)).atZone(HCM).toInstant();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Reply delivered = agent.send(List.of(Events.punch("p", 1, morning, "cua-chinh", 4),
                Events.punch("p", 2, now.plus(10, ChronoUnit.MINUTES), "cua-chinh", 4),
                Events.punch("p", 3, Instant.parse("2000-01-01T00:30:00Z"), "cua-chinh", 4)));

        assertThat(delivered.status()).as("stored, not refused: %s", delivered).isEqualTo(200);
        assertThat(DB.rows("select seq, time_flag from punch where stream = 'p' order by seq")).containsExactly(
                TestDatabase.row("seq", 1L, "time_flag", null),
                TestDatabase.row("seq", 2L, "time_flag", "ahead"),
                TestDatabase.row("seq", 3L, "time_flag", "before_horizon"));
        JsonNode flagged = admin.get("/api/punches/time-flagged?accepted=false").json();
        assertThat(flagged).extracting(p -> p.get("timeFlag").asText()).containsExactlyInAnyOrder("ahead", "before_horizon");
        assertThat(flagged).allSatisfy(p -> assertThat(p.get("staffId").asLong()).isEqualTo(officer));
        long flat = punchId(3);
        assertThat(punchTimes(2000)).as("kept out of attendance").isEmpty();
        assertThat(punchTimes(weekday.getYear())).contains("07:25");

        Reply accepted = admin.post("/api/punches/" + flat + "/accept-time", Map.of("note", "Máy chấm công thay pin, giờ đúng"));
        Reply again = admin.post("/api/punches/" + flat + "/accept-time", Map.of());
        Reply believed = admin.post("/api/punches/" + punchId(1) + "/accept-time", Map.of());

        assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        assertThat(accepted.json().get("timeAcceptedAt").isTextual()).isTrue();
        assertThat(again.status()).isEqualTo(409);
        assertThat(believed.status()).isEqualTo(409);
        assertThat(punchTimes(2000)).as("counted once accepted").containsExactly("07:30");
        assertThat(DB.count("audit_event", "action = 'punch.time_accept' and entity_id = '" + flat + "'")).isEqualTo(1);
        assertThat(admin.get("/api/punches/time-flagged?accepted=false").json()).extracting(p -> p.get("timeFlag").asText())
                .containsExactly("ahead");

        // The admin's page: the waiting one with its accept form, accepted through it as a browser does.
        String session = Browser.session(APP, "quantri", "admin-password-1");
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
        long ahead = punchId(2);
        String page = browser.get("/admin/punch-times").body();
        assertThat(page).contains("action=\"/admin/punch-times/" + ahead + "/accept\"").contains("data-punch=\"" + flat + "\"");
        assertThat(browser.get("/admin/sensors").body()).contains("href=\"/admin/punch-times\"");
        Reply viaPage = browser.postRaw("/admin/punch-times/" + ahead + "/accept", "application/x-www-form-urlencoded",
                Browser.form("_csrf", Browser.csrfToken(APP, session), "note", ""));
        assertThat(viaPage.status()).as("%s", viaPage).isEqualTo(303);
        assertThat(admin.get("/api/punches/time-flagged?accepted=false").json()).isEmpty();
    }

    @Test
    void theAgentsClockOffsetIsOnItsPage() {
        assertThat(agent.heartbeat(Events.heartbeat(Instant.now().plusSeconds(90))).status()).isEqualTo(200);

        JsonNode listed = admin.get("/api/agents/" + agent.id()).json();
        String session = Browser.session(APP, "quantri", "admin-password-1");
        String page = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session).get("/admin/agents/" + agent.id()).body();

        assertThat(listed.get("clockOffsetMs").asLong()).isBetween(85_000L, 91_000L);
        assertThat(page).contains("id=\"agent-clock\"").contains("data-clock-off=\"true\"")
                .containsPattern("nhanh hơn máy chủ (8[5-9]|9[01]) giây");
    }

    private static long punchId(long seq) {
        return (Long) DB.rows("select id from punch where stream = 'p' and seq = ?", seq).get(0).get("id");
    }

    /** The officer's punches that attendance counts in a year's January (2000) or in the month of the weekday used. */
    private static List<String> punchTimes(int year) {
        LocalDate day = year == 2000 ? LocalDate.of(2000, 1, 1) : lastWeekdayBefore(LocalDate.now(HCM).minusDays(2));
        JsonNode month = admin.get("/api/attendance/monthly?staffId=" + officer + "&month="
                + day.toString().substring(0, 7)).json();
        List<String> times = new ArrayList<>();
        for (JsonNode d : month.get("days")) {
            if (d.get("date").asText().equals(day.toString())) {
                d.get("punches").forEach(p -> times.add(Instant.parse(p.get("at").asText()).atZone(HCM).toLocalTime().toString()));
            }
        }
        return times;
    }

    private static LocalDate lastWeekdayBefore(LocalDate day) {
        LocalDate d = day;
        while (d.getDayOfWeek().getValue() > 5) {
            d = d.minusDays(1);
        }
        return d;
    }
}
