package vn.onduty.server.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.quality.QualityDao;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The counters' intervals of a range, as counter presence and the quality report read them, now found per counter by
 * the range itself (migration 0250, docs/growth.md): exactly the intervals that overlap [from, to), the open one
 * included, none that only touches it, none of a counter not asked for, and each once however often its counter is
 * named. The zone's own statements of ingest, rewritten for the zone's exclusion index, keep their meaning too.
 */
class IntervalRangeIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(IntervalRangeIT.class);
    static final Instant FROM = at("11:00");
    static final Instant TO = at("12:30");

    static long[] counters = new long[3];
    static long[] zones = new long[3];

    @BeforeAll
    static void arrange() {
        DB.migrate();
        DB.jdbi().useHandle(h -> {
            long site = h.createQuery("insert into site (name) values ('Trung tâm') returning id").mapTo(Long.class).one();
            long camera = h.createQuery("insert into camera (site_id, name, url) values (?, 'Sảnh', 'rtsp://10.0.0.9/sub') returning id")
                    .bind(0, site).mapTo(Long.class).one();
            for (int i = 0; i < 3; i++) {
                counters[i] = h.createQuery("insert into counter (site_id, number, name) values (?, ?, ?) returning id")
                        .bind(0, site).bind(1, i + 1).bind(2, "Quầy " + (i + 1)).mapTo(Long.class).one();
                zones[i] = h.createQuery("""
                        insert into camera_zone (camera_id, counter_id, polygon)
                        values (?, ?, '[[0.1,0.1],[0.4,0.1],[0.4,0.9]]') returning id""")
                        .bind(0, camera).bind(1, counters[i]).mapTo(Long.class).one();
            }
            // Counter 1: ends where the range starts (out), fills it (in), starts where it ends and is open (out).
            interval(h, 0, "09:00", "11:00", "empty");
            interval(h, 0, "11:00", "12:30", "occupied");
            interval(h, 0, "12:30", null, "empty");
            // Counter 2: spans the range's start (in), open since inside it (in).
            interval(h, 1, "10:00", "11:30", "occupied");
            interval(h, 1, "11:30", null, "empty");
            // Counter 3, not asked for.
            interval(h, 2, "11:00", "12:00", "occupied");
        });
    }

    @Test
    void counterPresenceReadsTheIntervalsOverlappingTheRangeOnceEach() {
        Long[] asked = {counters[0], counters[1], counters[1]};
        List<OccupancyInterval> read = DB.jdbi().withExtension(OccupancyDao.class, dao -> dao.intervals(asked, FROM, TO));
        List<OccupancyInterval> quality = DB.jdbi().withExtension(QualityDao.class, dao -> dao.intervals(asked, FROM, TO));

        assertThat(read).extracting(i -> i.counterId() + " " + i.start() + " " + i.end()).containsExactly(
                counters[0] + " " + at("11:00") + " " + at("12:30"),
                counters[1] + " " + at("10:00") + " " + at("11:30"),
                counters[1] + " " + at("11:30") + " null");
        assertThat(quality).as("the same intervals, in any order").containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void theZonesIngestStatementsFindTheIntervalHoldingAMomentAndThoseFromIt() {
        Instant start = DB.jdbi().withExtension(OccupancyDao.class, dao -> dao.eventIntervalStartAt(zones[1], at("11:30")))
                .orElseThrow();
        assertThat(start).as("an interval holds its start, not its end").isEqualTo(at("11:30"));
        java.util.Optional<Instant> before = DB.jdbi().withExtension(OccupancyDao.class,
                dao -> dao.eventIntervalStartAt(zones[1], at("09:59")));
        assertThat(before).isEmpty();

        DB.jdbi().useTransaction(h -> {
            OccupancyDao dao = h.attach(OccupancyDao.class);
            assertThat(dao.endIntervalSpanning(zones[0], at("12:00"))).isOne();
            assertThat(dao.endIntervalSpanning(zones[0], at("12:30"))).as("nothing spans a boundary").isZero();
            assertThat(dao.deleteIntervalsFrom(zones[0], at("11:00"))).as("the one from 11:00 and the open one").isEqualTo(2);
            assertThat(h.createQuery("select count(*) from occupancy_interval where zone_id = ?").bind(0, zones[0])
                    .mapTo(Integer.class).one()).isOne();
            h.rollback();
        });
    }

    static void interval(Handle h, int i, String from, String to, String state) {
        h.execute("""
                insert into occupancy_interval (zone_id, counter_id, camera_id, state, started_at, ended_at)
                values (?, ?, (select camera_id from camera_zone where id = ?), ?, ?, ?)""",
                zones[i], counters[i], zones[i], state, at(from), to == null ? null : at(to));
    }

    static Instant at(String time) {
        return Instant.parse("2026-11-16T" + time + ":00Z");
    }
}
