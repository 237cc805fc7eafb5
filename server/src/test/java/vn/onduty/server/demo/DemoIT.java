package vn.onduty.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The demo as ./onduty demo starts it: this month's history is there and computed, with work for the supervisor. */
class DemoIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(DemoIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @Test
    void officerFindsThisMonthComputedAndSupervisorAPendingCorrection() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        Api officer = Api.at(APP).loggedInAs("officer", "onduty-demo");
        long staffId = officer.get("/api/auth/me").json().get("staffId").asLong();
        JsonNode month = officer.get("/api/attendance/monthly?staffId=" + staffId + "&month=" + YearMonth.from(today)).json();

        long pastWeekdays = today.withDayOfMonth(1).datesUntil(today).filter(d -> d.getDayOfWeek().getValue() <= 5).count();
        long worked = 0;
        for (JsonNode day : month.get("days")) {
            for (JsonNode s : day.get("sessions")) {
                if (s.get("status").asText().matches("WORKED|LATE")) {
                    worked++;
                }
            }
        }
        if (pastWeekdays > 0) {
            assertThat(worked).as("sessions worked this month").isGreaterThan(0);
            Api supervisor = Api.at(APP).loggedInAs("supervisor", "onduty-demo");
            JsonNode pending = supervisor.get("/api/attendance/corrections?status=PENDING&toDecide=true").json();
            assertThat(pending.get("total").asLong()).isEqualTo(1);
            assertThat(DB.count("attendance_session", "status = 'LATE'")).isPositive();
            assertThat(DB.count("attendance_session", "status = 'ABSENT'")).isPositive();
        }
        assertThat(DB.count("attendance_session", "true")).as("computed at start").isPositive();
    }

    @Test
    void supervisorsDashboardHasLastMonthsTicketsAndUnattendedQueueMinutesPerCounter() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        LocalDate lastMonth = today.withDayOfMonth(1).minusMonths(1);
        Api supervisor = Api.at(APP).loggedInAs("supervisor", "onduty-demo");
        long site = (Long) DB.rows("select id from site order by id limit 1").get(0).get("id");

        JsonNode kpis = supervisor.get("/api/quality/kpis?siteId=" + site + "&from=" + lastMonth + "&to="
                + lastMonth.plusMonths(1).minusDays(1)).json().get(0);
        JsonNode joined = supervisor.get("/api/quality/joined?siteId=" + site + "&from=" + today.minusDays(7) + "&to="
                + today.minusDays(1)).json();

        assertThat(kpis.get("issued").asLong()).as("a month of tickets").isGreaterThan(1000);
        assertThat(kpis.get("satisfactionPercent").asDouble()).isBetween(50.0, 100.0);
        assertThat(joined.get("counters")).anySatisfy(c -> assertThat(c.get("unattendedQueueMinutes").isNumber()).isTrue());
        assertThat(supervisor.withHeader("Accept", "text/html").get("/quality?siteId=" + site).status()).isEqualTo(200);
    }
}
