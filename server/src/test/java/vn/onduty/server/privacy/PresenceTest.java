package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.occupancy.OccupancyInterval;

class PresenceTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + ":00Z");
    }

    static OccupancyInterval interval(long zone, String state, String from, String to) {
        return new OccupancyInterval(0, zone, 5, zone * 10, state, state.equals("unknown") ? "stream_lost" : null, at(from),
                to == null ? null : at(to));
    }

    @Test
    void anOfficersPresenceIsTheirCountersIntervalsCutToTheSessionsTheyStaffedIt() {
        Presence.Window morning = new Presence.Window(DAY, SessionPart.MORNING, 5, 3, "Quầy 3", at("00:30"), at("04:30"));
        List<Presence.Row> rows = Presence.rows(List.of(morning), Map.of(5L, List.of(
                interval(1, "empty", "00:00", "00:40"),
                interval(1, "occupied", "00:40", "02:00"),
                interval(1, "unknown", "02:00", "02:10"),
                interval(1, "occupied", "02:10", "06:30"),
                interval(1, "empty", "06:30", null))), at("09:00"));

        assertThat(rows).extracting(r -> r.state() + " " + r.from() + ".." + r.to()).containsExactly(
                "empty 2026-11-24T00:30:00Z..2026-11-24T00:40:00Z",
                "occupied 2026-11-24T00:40:00Z..2026-11-24T02:00:00Z",
                "unknown 2026-11-24T02:00:00Z..2026-11-24T02:10:00Z",
                "occupied 2026-11-24T02:10:00Z..2026-11-24T04:30:00Z");
    }

    @Test
    void twoCamerasOnOneCounterGiveTwoReadingsAndAnOpenIntervalEndsNow() {
        Presence.Window afternoon = new Presence.Window(DAY, SessionPart.AFTERNOON, 5, 3, "Quầy 3", at("06:30"), at("10:00"));
        List<Presence.Row> rows = Presence.rows(List.of(afternoon), Map.of(5L, List.of(
                interval(1, "occupied", "05:00", null),
                interval(2, "empty", "06:00", "07:00"),
                interval(2, "occupied", "07:00", null))), at("08:00"));

        assertThat(rows).extracting(r -> r.cameraId() + " " + r.state() + " " + r.from() + ".." + r.to()).containsExactly(
                "10 occupied 2026-11-24T06:30:00Z..2026-11-24T08:00:00Z",
                "20 empty 2026-11-24T06:30:00Z..2026-11-24T07:00:00Z",
                "20 occupied 2026-11-24T07:00:00Z..2026-11-24T08:00:00Z");
    }

    @Test
    void aSessionNotBegunOrACounterWithoutCameraGivesNothing() {
        Presence.Window later = new Presence.Window(DAY, SessionPart.AFTERNOON, 5, 3, "Quầy 3", at("06:30"), at("10:00"));
        Presence.Window elsewhere = new Presence.Window(DAY, SessionPart.MORNING, 6, 4, "Quầy 4", at("00:30"), at("04:30"));
        assertThat(Presence.rows(List.of(later, elsewhere), Map.of(5L, List.of(interval(1, "occupied", "00:00", null))),
                at("05:00"))).isEmpty();
    }
}
