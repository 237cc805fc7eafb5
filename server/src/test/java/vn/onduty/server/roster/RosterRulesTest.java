package vn.onduty.server.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.CalendarDay.DayType;
import vn.onduty.server.calendar.SessionPart;

/** The roster's rules on hand-made calendars, templates and changes. */
class RosterRulesTest {

    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    static final LocalDate MONDAY = LocalDate.of(2027, 3, 1);
    static final CounterRef Q1 = new CounterRef(11, 1, "Quầy 1 – Sở Tư pháp", 5L);
    static final CounterRef Q2 = new CounterRef(12, 2, "Quầy 2 – Sở Xây dựng", 6L);
    static final List<CounterRef> COUNTERS = List.of(Q1, Q2);
    static final Officer LAN = new Officer(101, "CB0101", "Nguyễn Thị Lan");
    static final Officer NAM = new Officer(102, "CB0102", "Hoàng Văn Nam");
    static final Officer HUNG = new Officer(103, "CB0103", "Lê Văn Hùng");

    @Test
    void aWorkingDayTakesTheTemplateForEveryCounterAndSession() {
        TemplateVersion t = template(1, MONDAY.minusDays(30), null, Map.of(
                slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN,
                slot(Q1, DayOfWeek.MONDAY, SessionPart.AFTERNOON), LAN,
                slot(Q2, DayOfWeek.MONDAY, SessionPart.MORNING), NAM));

        RosterDay day = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of());

        assertThat(day.assignments()).extracting(a -> a.counterNumber() + " " + a.part() + " " + name(a) + " " + a.source())
                .containsExactly("1 MORNING Nguyễn Thị Lan TEMPLATE", "1 AFTERNOON Nguyễn Thị Lan TEMPLATE",
                        "2 MORNING Hoàng Văn Nam TEMPLATE", "2 AFTERNOON - null");
    }

    @Test
    void aTemplateIsInForceFromItsFirstDayUntilItsLastOnly() {
        TemplateVersion old = template(1, LocalDate.of(2027, 1, 1), null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN));
        TemplateVersion march = template(2, MONDAY, LocalDate.of(2027, 3, 31), Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), NAM));

        assertThat(officerAt(MONDAY.minusDays(7), List.of(old, march))).isEqualTo("Nguyễn Thị Lan");
        assertThat(officerAt(MONDAY, List.of(old, march))).as("from its first day").isEqualTo("Hoàng Văn Nam");
        assertThat(officerAt(LocalDate.of(2027, 3, 29), List.of(old, march))).isEqualTo("Hoàng Văn Nam");
        assertThat(officerAt(LocalDate.of(2027, 4, 5), List.of(old, march))).as("after it ends, the older one again")
                .isEqualTo("Nguyễn Thị Lan");
        assertThat(officerAt(LocalDate.of(2026, 12, 28), List.of(old, march))).as("before any template").isEqualTo("-");
    }

    @Test
    void aLaterVersionFromTheSameDayReplacesTheEarlierOne() {
        TemplateVersion first = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN));
        TemplateVersion again = template(2, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), HUNG));
        TemplateVersion empty = template(3, MONDAY.plusDays(7), null, Map.of());

        assertThat(officerAt(MONDAY, List.of(again, first))).isEqualTo("Lê Văn Hùng");
        assertThat(officerAt(MONDAY.plusDays(7), List.of(first, again, empty))).as("an empty version staffs nobody")
                .isEqualTo("-");
    }

    @Test
    void theLatestChangeInForceOverlaysTheTemplateAndARevokedOneDoesNot() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN,
                slot(Q2, DayOfWeek.MONDAY, SessionPart.MORNING), NAM));
        RosterChange closed = change(7, Q2, MONDAY, SessionPart.MORNING, ChangeKind.CLOSED, null, null, "Sửa máy", false);
        RosterChange assign = change(8, Q1, MONDAY, SessionPart.MORNING, ChangeKind.ASSIGN, HUNG, null, null, false);
        RosterChange substitution = change(9, Q1, MONDAY, SessionPart.MORNING, ChangeKind.SUBSTITUTION, NAM, LAN, "Nghỉ phép", true);
        RosterChange otherDay = change(10, Q1, MONDAY.plusDays(1), SessionPart.MORNING, ChangeKind.CLOSED, null, null, null, false);

        RosterDay day = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of(substitution, closed, assign, otherDay));

        Assignment q1 = day.at(Q1.id(), SessionPart.MORNING).orElseThrow();
        assertThat(q1.officer()).isEqualTo(HUNG);
        assertThat(q1.source()).isEqualTo(Source.CHANGE);
        assertThat(q1.changeId()).as("the revoked substitution is not in force").isEqualTo(8L);
        Assignment q2 = day.at(Q2.id(), SessionPart.MORNING).orElseThrow();
        assertThat(q2.closed()).isTrue();
        assertThat(q2.officer()).isNull();
        assertThat(q2.reason()).isEqualTo("Sửa máy");
        assertThat(day.at(Q1.id(), SessionPart.AFTERNOON).orElseThrow().source()).as("nothing rostered").isNull();
    }

    @Test
    void aSubstitutionNamesWhoStandsInForWhom() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.AFTERNOON), LAN));
        RosterChange sub = change(3, Q1, MONDAY, SessionPart.AFTERNOON, ChangeKind.SUBSTITUTION, HUNG, LAN, "Nghỉ phép năm", false);

        Assignment a = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of(sub)).at(Q1.id(), SessionPart.AFTERNOON).orElseThrow();

        assertThat(a.officer()).isEqualTo(HUNG);
        assertThat(a.substituted()).isEqualTo(LAN);
        assertThat(a.source()).isEqualTo(Source.SUBSTITUTION);
        assertThat(a.reason()).isEqualTo("Nghỉ phép năm");
    }

    @Test
    void aHolidayOrRestDayHasNoSessionsAndSoNoRosterEvenWithChanges() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN));
        LocalDate holiday = LocalDate.of(2027, 5, 3);
        RosterChange c = change(1, Q1, holiday, SessionPart.MORNING, ChangeKind.ASSIGN, NAM, null, null, false);

        RosterDay day = RosterRules.day(closed(holiday, DayType.HOLIDAY), COUNTERS, List.of(t), List.of(c));
        RosterDay sunday = RosterRules.day(closed(MONDAY.minusDays(1), DayType.REST_DAY), COUNTERS, List.of(t), List.of());

        assertThat(day.sessions()).isEmpty();
        assertThat(day.assignments()).isEmpty();
        assertThat(sunday.assignments()).isEmpty();
    }

    @Test
    void aDutySaturdayHasTheMorningOnlyFromTheSaturdayTemplate() {
        LocalDate saturday = MONDAY.plusDays(5);
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.SATURDAY, SessionPart.MORNING), NAM,
                slot(Q1, DayOfWeek.SATURDAY, SessionPart.AFTERNOON), LAN,
                slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN));
        CalendarDay duty = new CalendarDay(1, saturday, VN, DayType.DUTY_SATURDAY, false, true, null, true, null,
                List.of(session(SessionPart.MORNING, 7, 30, 11, 30)));

        RosterDay day = RosterRules.day(duty, COUNTERS, List.of(t), List.of());

        assertThat(day.assignments()).extracting(a -> a.counterNumber() + " " + a.part() + " " + name(a))
                .containsExactly("1 MORNING Hoàng Văn Nam", "2 MORNING -");
    }

    @Test
    void findsAnOfficerOnTwoCountersInOneSessionAndOnlyTheNewClash() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN));
        RosterDay before = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of());
        RosterChange assign = change(5, Q2, MONDAY, SessionPart.MORNING, ChangeKind.ASSIGN, LAN, null, null, false);
        RosterChange afternoon = change(6, Q2, MONDAY, SessionPart.AFTERNOON, ChangeKind.ASSIGN, LAN, null, null, false);

        RosterDay after = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of(assign, afternoon));
        List<RosterRules.Clash> clashes = RosterRules.newClashes(RosterRules.clashes(before, COUNTERS),
                RosterRules.clashes(after, COUNTERS));

        assertThat(clashes).hasSize(1);
        assertThat(clashes.get(0).describe()).isEqualTo("CB0101 Nguyễn Thị Lan would be on counter 1 (Quầy 1 – Sở Tư pháp)"
                + " and counter 2 (Quầy 2 – Sở Xây dựng) in the MORNING session of 2027-03-01");
        assertThat(RosterRules.newClashes(RosterRules.clashes(after, COUNTERS), RosterRules.clashes(after, COUNTERS)))
                .as("a clash already there is not new").isEmpty();
    }

    @Test
    void findsAnOfficerWhomAnotherSiteHasInTheSameSessionNamingBothSites() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN,
                slot(Q2, DayOfWeek.MONDAY, SessionPart.AFTERNOON), NAM));
        RosterDay day = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of());
        DoubleBooking.Place commune = new DoubleBooking.Place(2, "UBND phường An Cựu", 21, 4, "Quầy 4 – Một cửa");
        Map<RosterRules.Seat, DoubleBooking.Place> elsewhere = Map.of(
                new RosterRules.Seat(LAN.id(), MONDAY, SessionPart.MORNING), commune,
                new RosterRules.Seat(NAM.id(), MONDAY, SessionPart.MORNING), commune,
                new RosterRules.Seat(HUNG.id(), MONDAY, SessionPart.AFTERNOON), commune);

        List<DoubleBooking> found = RosterRules.againstOtherSites(1, "Trung tâm Huế", day, elsewhere);

        assertThat(found).extracting(DoubleBooking::describe).as("Nam is elsewhere in the other session; Hùng is not rostered")
                .containsExactly("CB0101 Nguyễn Thị Lan would be on counter 1 (Quầy 1 – Sở Tư pháp) at Trung tâm Huế and"
                        + " counter 4 (Quầy 4 – Một cửa) at UBND phường An Cựu in the MORNING session of 2027-03-01");
        assertThat(RosterRules.newBookings(found, found)).as("a double booking already there is not new").isEmpty();
        assertThat(RosterRules.againstOtherSites(2, "UBND phường An Cựu", day, elsewhere))
                .as("a site's own counters are no other site's").isEmpty();
    }

    @Test
    void findsDoubleBookingsInsideATemplate() {
        Map<TemplateVersion.Slot, Officer> slots = new HashMap<>();
        slots.put(slot(Q2, DayOfWeek.TUESDAY, SessionPart.MORNING), LAN);
        slots.put(slot(Q1, DayOfWeek.TUESDAY, SessionPart.MORNING), LAN);
        slots.put(slot(Q1, DayOfWeek.TUESDAY, SessionPart.AFTERNOON), LAN);
        slots.put(slot(Q2, DayOfWeek.WEDNESDAY, SessionPart.MORNING), LAN);

        assertThat(RosterRules.templateClashes(1, "Trung tâm", slots, Map.of(Q1.id(), Q1, Q2.id(), Q2)))
                .extracting(DoubleBooking::describe).containsExactly(
                "CB0101 Nguyễn Thị Lan would be on counter 1 (Quầy 1 – Sở Tư pháp) and counter 2 (Quầy 2 – Sở Xây dựng)"
                        + " in the MORNING session of every TUESDAY");
    }

    @Test
    void eachCounterAtAMomentShowsItsCurrentOrNextSession() {
        TemplateVersion t = template(1, MONDAY, null, Map.of(slot(Q1, DayOfWeek.MONDAY, SessionPart.MORNING), LAN,
                slot(Q1, DayOfWeek.MONDAY, SessionPart.AFTERNOON), NAM));
        RosterChange sub = change(4, Q2, MONDAY, SessionPart.AFTERNOON, ChangeKind.ASSIGN, HUNG, null, null, false);
        RosterDay day = RosterRules.day(workday(MONDAY), COUNTERS, List.of(t), List.of(sub));

        assertThat(RosterRules.at(day, COUNTERS, LocalTime.of(6, 0))).extracting(this::describe)
                .containsExactly("1 NEXT MORNING Nguyễn Thị Lan", "2 NEXT MORNING -");
        assertThat(RosterRules.at(day, COUNTERS, LocalTime.of(7, 30))).extracting(this::describe)
                .as("a session starts on its first minute").containsExactly("1 CURRENT MORNING Nguyễn Thị Lan", "2 CURRENT MORNING -");
        assertThat(RosterRules.at(day, COUNTERS, LocalTime.of(11, 30))).extracting(this::describe)
                .as("and is over at its end").containsExactly("1 NEXT AFTERNOON Hoàng Văn Nam", "2 NEXT AFTERNOON Lê Văn Hùng");
        assertThat(RosterRules.at(day, COUNTERS, LocalTime.of(15, 0))).extracting(this::describe)
                .containsExactly("1 CURRENT AFTERNOON Hoàng Văn Nam", "2 CURRENT AFTERNOON Lê Văn Hùng");
        assertThat(RosterRules.at(day, COUNTERS, LocalTime.of(17, 0))).extracting(this::describe)
                .containsExactly("1 OVER null -", "2 OVER null -");
        RosterDay holiday = RosterRules.day(closed(MONDAY, DayType.HOLIDAY), COUNTERS, List.of(t), List.of());
        assertThat(RosterRules.at(holiday, COUNTERS, LocalTime.of(9, 0))).extracting(this::describe)
                .containsExactly("1 NO_SESSION null -", "2 NO_SESSION null -");
    }

    // ---- helpers ----

    private String describe(CounterNow c) {
        return c.counterNumber() + " " + c.state() + " " + c.part() + " " + (c.officer() == null ? "-" : c.officer().name());
    }

    private static String officerAt(LocalDate monday, List<TemplateVersion> versions) {
        return name(RosterRules.day(workday(monday), COUNTERS, versions, List.of()).at(Q1.id(), SessionPart.MORNING).orElseThrow());
    }

    private static String name(Assignment a) {
        return a.officer() == null ? "-" : a.officer().name();
    }

    static TemplateVersion.Slot slot(CounterRef c, DayOfWeek d, SessionPart p) {
        return new TemplateVersion.Slot(c.id(), d, p);
    }

    static TemplateVersion template(long id, LocalDate from, LocalDate until, Map<TemplateVersion.Slot, Officer> slots) {
        return new TemplateVersion(id, from, until, slots);
    }

    static RosterChange change(long id, CounterRef c, LocalDate date, SessionPart part, ChangeKind kind, Officer officer,
                               Officer replaced, String reason, boolean revoked) {
        return new RosterChange(id, 1, c.id(), date, part, kind, officer == null ? null : officer.id(),
                officer == null ? null : officer.code(), officer == null ? null : officer.name(),
                replaced == null ? null : replaced.id(), replaced == null ? null : replaced.code(),
                replaced == null ? null : replaced.name(), reason, Instant.EPOCH, 1L,
                revoked ? Instant.EPOCH.plusSeconds(60) : null, null, null, null, null, null, null);
    }

    static CalendarDay workday(LocalDate date) {
        List<CalendarDay.Session> sessions = new ArrayList<>();
        sessions.add(session(SessionPart.MORNING, 7, 30, 11, 30));
        sessions.add(session(SessionPart.AFTERNOON, 13, 30, 17, 0));
        return new CalendarDay(1, date, VN, DayType.WORKDAY, true, true, null, true, null, sessions);
    }

    static CalendarDay closed(LocalDate date, DayType type) {
        return new CalendarDay(1, date, VN, type, false, false, type == DayType.HOLIDAY ? "Ngày Quốc tế Lao động" : null,
                true, null, List.of());
    }

    static CalendarDay.Session session(SessionPart part, int h1, int m1, int h2, int m2) {
        LocalTime start = LocalTime.of(h1, m1);
        LocalTime end = LocalTime.of(h2, m2);
        return new CalendarDay.Session(part, start, end, 5, 5, start.plusMinutes(5), end.minusMinutes(5),
                start.minusHours(1), end.plusHours(2));
    }
}
