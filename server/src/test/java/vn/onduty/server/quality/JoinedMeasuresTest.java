package vn.onduty.server.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.occupancy.OccupancyInterval;
import vn.onduty.server.quality.JoinedMeasures.ClockedIn;
import vn.onduty.server.quality.JoinedMeasures.CounterInfo;
import vn.onduty.server.quality.JoinedMeasures.Day;
import vn.onduty.server.quality.JoinedMeasures.FlagKind;
import vn.onduty.server.quality.JoinedMeasures.Result;
import vn.onduty.server.quality.JoinedMeasures.Rostered;
import vn.onduty.server.quality.JoinedMeasures.Ticket;
import vn.onduty.server.quality.JoinedMeasures.Window;
import vn.onduty.server.roster.LeaveLink;

/**
 * The joined measures on one crafted day, Wednesday 25/11/2026, sessions 07:30–11:30 and 13:30–17:00
 * (450 minutes). The expected minutes are counted by hand in the comments of each row.
 *
 * <pre>
 * counter 1 (Hộ tịch, watched):  07:00 unknown | 07:40 occupied | 09:00 empty | 09:25 occupied | 11:30 empty
 *                                13:45 occupied | 16:00 unknown | 16:10 occupied | 17:00 empty ...
 * counter 2 (no services: a general counter, no camera)
 * counter 3 (Đất đai, watched):  07:00 empty | 14:00 occupied | 16:30 empty ...
 * tickets:  T1 Hộ tịch 07:35→07:50   T2 Hộ tịch 08:55→09:20 served 09:20–09:30 at counter 1
 *           T3 Hộ tịch 09:10→09:30 served 09:30–09:45 at counter 1   T4 Hộ tịch 13:20→13:50
 *           T5 Hộ tịch 16:05, never called   T6 Đất đai 10:00→10:30   T7 (no service) 14:00→14:10
 *           T8 Đất đai 15:00→15:05 served 15:05–15:20 at counter 2 (no camera)
 * roster:   officer A at counter 1 morning and afternoon; B at counter 3 morning;
 *           C stands in for B at counter 3 in the afternoon ("Nghỉ phép năm")
 * clocked:  A 07:28–11:35 and 13:40–(no out-punch); B 07:25–11:31; C 13:30–15:00; D 07:30–11:30 (on no roster)
 * </pre>
 */
class JoinedMeasuresTest {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    static final long C1 = 1;
    static final long C2 = 2;
    static final long C3 = 3;
    static final long A = 11;
    static final long B = 12;
    static final long C = 13;
    static final long D = 14;
    /** B's approved annual leave, which put C in at counter 3 in the afternoon. */
    static final LeaveLink LEAVE = new LeaveLink(41, "ANNUAL", "Nghỉ phép năm", "Annual leave");

    static Instant at(String hhmm) {
        return DAY.atTime(LocalTime.parse(hhmm)).atZone(HCM).toInstant();
    }

    static Day day(String now) {
        Instant end = now == null ? DAY.plusDays(1).atStartOfDay(HCM).toInstant() : at(now);
        List<Window> windows = new ArrayList<>();
        for (Window w : List.of(new Window(SessionPart.MORNING, at("07:30"), at("11:30")),
                new Window(SessionPart.AFTERNOON, at("13:30"), at("17:00")))) {
            if (w.start().isBefore(end)) {
                windows.add(new Window(w.part(), w.start(), w.end().isAfter(end) ? end : w.end()));
            }
        }
        List<OccupancyInterval> intervals = new ArrayList<>();
        intervals.addAll(intervals(C1, "07:00 unknown", "07:40 occupied", "09:00 empty", "09:25 occupied",
                "11:30 empty", "13:45 occupied", "16:00 unknown", "16:10 occupied", "17:00 empty"));
        intervals.addAll(intervals(C3, "07:00 empty", "14:00 occupied", "16:30 empty"));
        return new Day(DAY, DAY.atStartOfDay(HCM).toInstant(), end, windows,
                List.of(new CounterInfo(C1, 1, "Quầy 1", List.of("hộ tịch "), true),
                        new CounterInfo(C2, 2, "Quầy 2", List.of(), false),
                        new CounterInfo(C3, 3, "Quầy 3", List.of("Đất đai"), true)),
                intervals,
                List.of(new Rostered(C1, SessionPart.MORNING, A, null, null, null),
                        new Rostered(C1, SessionPart.AFTERNOON, A, null, null, null),
                        new Rostered(C3, SessionPart.MORNING, B, null, null, null),
                        new Rostered(C3, SessionPart.AFTERNOON, C, B, "Nghỉ phép: Nghỉ phép năm (đơn #41)", LEAVE)),
                List.of(new ClockedIn(A, SessionPart.MORNING, at("07:28"), at("11:35")),
                        new ClockedIn(A, SessionPart.AFTERNOON, at("13:40"), null),
                        new ClockedIn(B, SessionPart.MORNING, at("07:25"), at("11:31")),
                        new ClockedIn(C, SessionPart.AFTERNOON, at("13:30"), at("15:00")),
                        new ClockedIn(D, SessionPart.MORNING, at("07:30"), at("11:30"))),
                List.of(ticket(1, "Hộ tịch", "07:35", "07:50", null, null, null, null),
                        ticket(2, "Hộ tịch", "08:55", "09:20", "09:20", "09:30", C1, "SERVED"),
                        ticket(3, "Hộ tịch", "09:10", "09:30", "09:30", "09:45", C1, "SERVED"),
                        ticket(4, "Hộ tịch", "13:20", "13:50", null, null, null, null),
                        ticket(5, "Hộ tịch", "16:05", null, null, null, null, "NO_SHOW"),
                        ticket(6, "Đất đai", "10:00", "10:30", null, null, null, null),
                        ticket(7, null, "14:00", "14:10", null, null, null, null),
                        ticket(8, "Đất đai", "15:00", "15:05", "15:05", "15:20", C2, "SERVED")).stream()
                        .filter(t -> t.issuedAt().isBefore(end)).toList());
    }

    static Ticket ticket(long id, String service, String issued, String called, String started, String ended,
                         Long counter, String outcome) {
        return new Ticket(id, "A" + id, service, counter, null, at(issued), called == null ? null : at(called),
                started == null ? null : at(started), ended == null ? null : at(ended), outcome);
    }

    /** "hh:mm state" changes, each lasting until the next; the last one is still open. */
    static List<OccupancyInterval> intervals(long counter, String... changes) {
        List<OccupancyInterval> out = new ArrayList<>();
        for (int i = 0; i < changes.length; i++) {
            String[] p = changes[i].split(" ");
            Instant end = i + 1 < changes.length ? at(changes[i + 1].split(" ")[0]) : null;
            out.add(new OccupancyInterval(i, counter * 10, counter, 1, p[1], p[1].equals("unknown") ? "stream_lost" : null,
                    at(p[0]), end));
        }
        return out;
    }

    static Stream<Arguments> unattendedQueueMinutes() {
        return Stream.of(
                // T1 waits 07:35–07:50, unknown until 07:40: 5. T2+T3 wait 08:55–09:30, empty 09:00–09:25: 25.
                // T4 waits 13:20–13:50, session from 13:30, empty until 13:45: 15. T5 waits from 16:05, unknown
                // until 16:10: 5. T7 (any counter) 14:00–14:10 while occupied: 0. 5 + 25 + 15 + 5 = 50.
                Arguments.of(null, C1, 50.0, 450.0),
                // Counter 2 has no camera: nothing to say.
                Arguments.of(null, C2, null, 450.0),
                // T6 (Đất đai) 10:00–10:30 while empty: 30; T7 14:00–14:10 while occupied: 0; T8 15:00–15:05 occupied: 0.
                Arguments.of(null, C3, 30.0, 450.0),
                // At 10:00 the day so far: T1 5 and T2+T3 25; the morning has lasted 150 minutes.
                Arguments.of("10:00", C1, 30.0, 150.0),
                // At 10:00 nothing waited for Đất đai yet (T6 is issued at 10:00).
                Arguments.of("10:00", C3, 0.0, 150.0));
    }

    @ParameterizedTest(name = "now {0}: counter {1} unattended {2} of {3} opening minutes")
    @MethodSource
    void unattendedQueueMinutes(String now, long counter, Double expected, double opening) {
        JoinedMeasures.CounterDay d = JoinedMeasures.of(day(now)).counters().stream()
                .filter(c -> c.counterId() == counter).findFirst().orElseThrow();

        assertThat(d.unattendedQueueSeconds() == null ? null : d.unattendedQueueSeconds() / 60.0).isEqualTo(expected);
        assertThat(d.openingSeconds() / 60.0).isEqualTo(opening);
    }

    static Stream<Arguments> officers() {
        return Stream.of(
                // A at counter 1 all day: rostered 240 + 210 = 450. Occupied in sessions: 07:40–09:00 80,
                // 09:25–11:30 125, 13:45–16:00 135, 16:10–17:00 50 = 390. Clocked in 07:30–11:30 240 and
                // 13:40–17:00 (no out-punch: to the session's end) 200 = 440. Away: empty while clocked in,
                // 09:00–09:25 25 and 13:40–13:45 5 = 30 (unknown 16:00–16:10 is not away).
                Arguments.of(A, 450.0, 390.0, 440.0, 30.0),
                // B at counter 3 in the morning, which stood empty: clocked in 240, all of it away.
                Arguments.of(B, 240.0, 0.0, 240.0, 240.0),
                // C stands in at counter 3 in the afternoon: occupied 14:00–16:30 150; clocked in 13:30–15:00 90,
                // of which 13:30–14:00 empty: 30 away.
                Arguments.of(C, 210.0, 150.0, 90.0, 30.0));
    }

    @ParameterizedTest(name = "officer {0}: rostered {1}, present {2}, clocked in {3}, away {4} minutes")
    @MethodSource
    void officers(long staff, double rostered, double present, double clockedIn, double away) {
        JoinedMeasures.OfficerDay d = JoinedMeasures.of(day(null)).officers().stream()
                .filter(o -> o.staffId() == staff).findFirst().orElseThrow();

        assertThat(List.of(d.rosteredSeconds() / 60.0, d.presentSeconds() / 60.0, d.clockedInSeconds() / 60.0,
                d.awaySeconds() / 60.0)).containsExactly(rostered, present, clockedIn, away);
    }

    @Test
    void officersOnNoRosterHaveNoPresenceLine() {
        assertThat(JoinedMeasures.of(day(null)).officers()).extracting(JoinedMeasures.OfficerDay::staffId)
                .containsExactly(A, B, C);
    }

    @Test
    void coverDuringLeaveSaysWhoStoodInForWhomAndForHowLong() {
        // C clocked in 13:30–15:00 (90); counter 3 occupied from 14:00: 60 of them. Why: the leave, not the text.
        assertThat(JoinedMeasures.of(day(null)).covers()).containsExactly(new JoinedMeasures.Cover(DAY,
                SessionPart.AFTERNOON, C3, C, B, LEAVE, null, 210 * 60, 90 * 60, 60 * 60, true));
    }

    @Test
    void aSubstitutionMadeByHandKeepsItsReasonBesideOneThatCoversLeave() {
        Day leave = day(null);
        List<Rostered> roster = new ArrayList<>(leave.roster());
        roster.add(new Rostered(C2, SessionPart.MORNING, D, C, "Tập huấn nghiệp vụ", null));
        Day both = new Day(leave.date(), leave.dayStart(), leave.dayEnd(), leave.windows(), leave.counters(),
                leave.intervals(), roster, leave.clockedIn(), leave.tickets());

        // D clocked in 07:30–11:30 at counter 2, which no camera watches: no occupied minutes to count.
        assertThat(JoinedMeasures.of(both).covers()).containsExactly(
                new JoinedMeasures.Cover(DAY, SessionPart.AFTERNOON, C3, C, B, LEAVE, null, 210 * 60, 90 * 60, 60 * 60, true),
                new JoinedMeasures.Cover(DAY, SessionPart.MORNING, C2, D, C, null, "Tập huấn nghiệp vụ", 240 * 60, 240 * 60, 0,
                        false));
    }

    @Test
    void flagsAServiceTheCameraSawHalfEmptyAndAPunchOnNoRoster() {
        Result r = JoinedMeasures.of(day(null));

        // T2 served 09:20–09:30, counter 1 empty 09:20–09:25: half of it. T3 09:30–09:45 occupied: no flag.
        // T8 at counter 2, which has no camera: no flag. D punched in the morning but is on no roster.
        assertThat(r.flags()).extracting(f -> f.kind() + " " + f.ticketNumber() + " " + f.staffId() + " " + f.seconds())
                .containsExactly(FlagKind.SERVED_AT_EMPTY_COUNTER + " A2 null 300", FlagKind.PUNCH_NOT_ROSTERED + " null " + D + " 0");
    }
}
