package vn.onduty.server.roster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The demo's roster as the supervisor reads it through the API: this week at Cơ sở 1. */
class DemoRosterIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(DemoRosterIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @Test
    void everyCounterOfTheMainSiteIsStaffedOnWorkingDaysByEnrolledOfficersWithOneSubstitution() {
        Api supervisor = Api.at(APP).loggedInAs("supervisor", "onduty-demo");
        long main = (Long) DB.rows("select id from site order by id limit 1").get(0).get("id");
        LocalDate monday = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

        Reply week = supervisor.get("/api/roster/range?siteId=" + main + "&from=" + monday + "&to=" + monday.plusDays(4));
        assertThat(week.status()).as("%s", week).isEqualTo(200);
        Set<Long> officers = new HashSet<>();
        List<String> substitutions = new ArrayList<>();
        int workingDays = 0;
        for (JsonNode day : week.json()) {
            if (day.get("sessions").isEmpty()) {
                continue;
            }
            workingDays++;
            assertThat(day.get("assignments")).as("28 counters, two sessions on %s", day.get("date")).hasSize(56);
            for (JsonNode a : day.get("assignments")) {
                assertThat(a.get("officer").isNull()).as("%s", a).isFalse();
                officers.add(a.get("officer").get("id").asLong());
                if (a.get("source").asText().equals("SUBSTITUTION")) {
                    substitutions.add(a.get("date").asText() + " " + a.get("part").asText() + " for "
                            + a.get("substituted").get("code").asText());
                }
            }
        }
        assertThat(workingDays).as("a demo week has working days").isPositive();
        List<Long> enrolled = DB.rows("select e.staff_id from enrollment e join sensor s on s.id = e.sensor_id"
                + " join device_agent a on a.id = s.agent_id where a.site_id = " + main).stream()
                .map(r -> (Long) r.get("staff_id")).toList();
        assertThat(enrolled).as("every officer of the main site").hasSize(49);
        assertThat(enrolled).as("so whoever the roster puts at a counter can punch in").containsAll(officers);
        assertThat(DB.rows("select count(*) as n from roster_template_slot s join counter c on c.id = s.counter_id"
                + " join staff st on st.id = s.staff_id where s.weekday = 1 and s.part = 'MORNING'"
                + " and c.department_id = st.department_id")).as("most counters staffed by their own department")
                .extracting(r -> (Long) r.get("n")).first().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(20L));
        boolean wednesdayWorks = !supervisor.get("/api/roster?siteId=" + main + "&date=" + monday.plusDays(2))
                .json().get("sessions").isEmpty();
        if (wednesdayWorks) {
            assertThat(substitutions).containsExactly(monday.plusDays(2) + " AFTERNOON for CB0002");
        }
        assertThat(DB.count("roster_change", "kind = 'SUBSTITUTION'")).isEqualTo(1);
    }
}
