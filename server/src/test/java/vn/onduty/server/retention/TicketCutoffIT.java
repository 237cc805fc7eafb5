package vn.onduty.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The ticket retention's cut-off is the cut-off's day in each site's own zone, also at the edges of the world's zones,
 * although the statement now also bounds the tickets by the cut-off's UTC day so that the service-day index finds them
 * (docs/growth.md): a site at UTC+14 whose day has already turned loses the tickets of the UTC day, a site at UTC−12
 * keeps the tickets of its day before the UTC one.
 */
class TicketCutoffIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TicketCutoffIT.class);

    /** 2026-12-05 00:30 at UTC+14 (Kiritimati), 2026-12-03 22:30 at UTC−12. */
    static final Instant CUTOFF = Instant.parse("2026-12-04T10:30:00Z");

    static long east;
    static long west;

    @BeforeAll
    static void arrange() {
        DB.migrate();
        east = site("Kiritimati", "Pacific/Kiritimati");
        west = site("Baker", "Etc/GMT+12");
        for (long site : List.of(east, west)) {
            for (String day : List.of("2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05")) {
                DB.jdbi().useHandle(h -> h.execute("""
                        insert into queue_ticket (site_id, service_date, number, issued_at, source)
                        values (?, ?, 'A001', ?, 'test')""", site, LocalDate.parse(day), CUTOFF.minusSeconds(86_400 * 3)));
            }
        }
    }

    @Test
    void ticketsGoUpToTheCutoffsDayInTheSitesZoneEvenWhenThatDayIsAheadOfOrBehindUtc() {
        int removed = DB.jdbi().inTransaction(h -> h.attach(RetentionDao.class).deleteTickets(CUTOFF, 100));

        assertThat(removed).isEqualTo(4);
        assertThat(days(east)).as("its cut-off day is 2026-12-05").containsExactly("2026-12-05");
        assertThat(days(west)).as("its cut-off day is 2026-12-03").containsExactly("2026-12-03", "2026-12-04", "2026-12-05");
    }

    static long site(String name, String zone) {
        return DB.jdbi().withHandle(h -> h.createQuery("insert into site (name, time_zone) values (?, ?) returning id")
                .bind(0, name).bind(1, zone).mapTo(Long.class).one());
    }

    static List<String> days(long site) {
        return DB.jdbi().withHandle(h -> h.createQuery(
                "select cast(service_date as text) from queue_ticket where site_id = ? order by service_date")
                .bind(0, site).mapTo(String.class).list());
    }
}
