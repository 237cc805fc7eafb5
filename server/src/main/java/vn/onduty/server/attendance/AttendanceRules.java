package vn.onduty.server.attendance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.CalendarDay.DayType;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.SiteCalendar;

/**
 * How one officer's day becomes its two session rows (MORNING, AFTERNOON), with no database. The rules:
 *
 * <ol>
 *   <li><b>Who</b>: an inactive officer, or a day before the officer's service start date or after the end of
 *       service, gives no rows.
 *       Every other day gives exactly two rows, one per part, rest days included (NOT_SCHEDULED).</li>
 *   <li><b>Duplicates</b>: a punch within {@link #DUPLICATE} of the punch before it is the same touch
 *       repeated and is dropped; a run of such punches counts as its first.</li>
 *   <li><b>Minutes</b>: times are compared in whole minutes of the site's zone (seconds dropped), as offices
 *       write them. A session's in-window is {@code punchFrom}..end, its out-window start..{@code punchUntil}.</li>
 *   <li><b>Which session</b>: a punch inside one session's window [punchFrom, punchUntil] belongs to it.
 *       A punch inside both (the morning's out-window overlapping the afternoon's in-window, 12:30–13:30 by
 *       default) goes to the session not excused by leave or official business if only one is; otherwise,
 *       of two or more such punches the first closes the morning and the others open the afternoon; a single
 *       one goes to the afternoon unless the morning has an in and no out yet (no punch of its own at or
 *       after its midpoint), and then to the nearer boundary (the morning's end or the afternoon's start;
 *       a tie goes to the afternoon). A punch in no window is shown with the day's punches but not counted.</li>
 *   <li><b>In and out</b>: of a session's punches the first is the in when it is before the session's end,
 *       the last is the out when there are two or more and it is after the start. A single punch is the in
 *       when it is before the session's midpoint, else the out.</li>
 *   <li><b>Late and early</b>: an in after {@code lateAfter} (start plus grace) is late by the minutes from the
 *       session's <i>start</i> (not from the end of the grace: whoever is beyond the grace is late for all of
 *       it); an in exactly at {@code lateAfter} is on time. An out before {@code earlyBefore} (end minus
 *       grace) leaves early by the minutes until the session's end.</li>
 *   <li><b>Status of a scheduled session</b>, first rule that applies: leave of the part: LEAVE with its
 *       code; an approved official business for the part: OFFICIAL_BUSINESS; the session has not ended
 *       ({@code now} before its end): OPEN, with what is known so far (in, late minutes); a duty Saturday:
 *       DUTY if the officer punched in the session, else NOT_SCHEDULED (the roster will say who was due);
 *       no in and no out: ABSENT (missing BOTH); otherwise LATE when late, else WORKED, with missing IN or
 *       OUT flagging a forgotten punch. A swapped working day is a full working day.</li>
 *   <li><b>Parts without a session</b> (rest days, holidays, a duty Saturday's afternoon): LEAVE when the leave
 *       runs over calendar days (maternity: the Social Insurance Law counts its six months whole, holidays and
 *       weekends included, and the unit does not pay them as holidays); else HOLIDAY on a day off of the schedule
 *       that falls on a weekday the site normally works, else NOT_SCHEDULED; other leave does not count there. Punches in no session's window are still recorded: those before noon on the
 *       morning row, the others on the afternoon row, first as in and last as out.</li>
 * </ol>
 * Late-arriving punches change nothing here: the rows depend only on the punches, not on when they came.
 */
public final class AttendanceRules {

    /** Punches closer than this to the one before are one touch repeated. */
    public static final Duration DUPLICATE = Duration.ofSeconds(60);
    private static final LocalTime NOON = LocalTime.NOON;

    private AttendanceRules() {}

    /** Who the officer is, as far as attendance cares. */
    public record Officer(long staffId, long homeSiteId, boolean active, LocalDate serviceStart, LocalDate serviceEnd) {

        public Officer(long staffId, long homeSiteId, boolean active, LocalDate serviceStart) {
            this(staffId, homeSiteId, active, serviceStart, null);
        }

        boolean serves(LocalDate date) {
            return active && (serviceStart == null || !date.isBefore(serviceStart))
                    && (serviceEnd == null || !date.isAfter(serviceEnd));
        }
    }

    /**
     * Everything one officer-day is computed from.
     *
     * @param day the calendar of the officer's home site for the date
     * @param normallyWorked whether the site's week has sessions on this weekday (a holiday on such a
     *     day is HOLIDAY; elsewhere NOT_SCHEDULED)
     * @param punches the day's punches in any order, sensor and manual
     * @param leave leave code per part on leave
     * @param officialBusiness approved official-business correction id per part
     * @param everyDayLeave the parts whose leave runs over calendar days (maternity): leave on a holiday or rest day too
     */
    public record DayInput(Officer officer, CalendarDay day, boolean normallyWorked, List<DayPunch> punches,
                           Map<SessionPart, String> leave, Map<SessionPart, Long> officialBusiness,
                           java.util.Set<SessionPart> everyDayLeave) {

        public DayInput(Officer officer, CalendarDay day, boolean normallyWorked, List<DayPunch> punches,
                        Map<SessionPart, String> leave, Map<SessionPart, Long> officialBusiness) {
            this(officer, day, normallyWorked, punches, leave, officialBusiness, java.util.Set.of());
        }
    }

    public static List<AttendanceSession> compute(DayInput in, Instant now) {
        Officer officer = in.officer();
        CalendarDay day = in.day();
        if (!officer.serves(day.date())) {
            return List.of();
        }
        List<Touch> touches = dedupe(in.punches(), day);
        Map<SessionPart, CalendarDay.Session> sessions = new EnumMap<>(SessionPart.class);
        for (CalendarDay.Session s : day.sessions()) {
            sessions.put(s.part(), s);
        }
        Map<SessionPart, List<Touch>> assigned = assign(touches, sessions, in);
        List<AttendanceSession> out = new ArrayList<>(2);
        for (SessionPart part : SessionPart.values()) {
            CalendarDay.Session session = sessions.get(part);
            List<Touch> mine = assigned.get(part);
            out.add(session == null ? unscheduled(in, part, mine) : scheduled(in, session, mine, now));
        }
        return out;
    }

    /** A punch at its minute of the site's day. */
    private record Touch(DayPunch punch, LocalTime time) {}

    private static List<Touch> dedupe(List<DayPunch> punches, CalendarDay day) {
        List<DayPunch> sorted = punches.stream().sorted(Comparator.comparing(DayPunch::at)).toList();
        List<Touch> out = new ArrayList<>(sorted.size());
        Instant previous = null;
        for (DayPunch p : sorted) {
            if (previous == null || Duration.between(previous, p.at()).compareTo(DUPLICATE) >= 0) {
                out.add(new Touch(p, p.at().atZone(day.zone()).toLocalTime().truncatedTo(ChronoUnit.MINUTES)));
            }
            previous = p.at();
        }
        return out;
    }

    private static boolean within(LocalTime t, CalendarDay.Session s) {
        return !t.isBefore(s.punchFrom()) && !t.isAfter(s.punchUntil());
    }

    private static boolean excused(DayInput in, SessionPart part) {
        return in.leave().containsKey(part) || in.officialBusiness().containsKey(part);
    }

    private static Map<SessionPart, List<Touch>> assign(List<Touch> touches, Map<SessionPart, CalendarDay.Session> sessions,
                                                        DayInput in) {
        Map<SessionPart, List<Touch>> out = new EnumMap<>(SessionPart.class);
        for (SessionPart p : SessionPart.values()) {
            out.put(p, new ArrayList<>());
        }
        CalendarDay.Session morning = sessions.get(SessionPart.MORNING);
        CalendarDay.Session afternoon = sessions.get(SessionPart.AFTERNOON);
        List<Touch> overlap = new ArrayList<>();
        List<Touch> unclaimed = new ArrayList<>();
        for (Touch t : touches) {
            boolean m = morning != null && within(t.time(), morning);
            boolean a = afternoon != null && within(t.time(), afternoon);
            if (m && a) {
                boolean mExcused = excused(in, SessionPart.MORNING);
                boolean aExcused = excused(in, SessionPart.AFTERNOON);
                if (mExcused != aExcused) {
                    out.get(mExcused ? SessionPart.AFTERNOON : SessionPart.MORNING).add(t);
                } else {
                    overlap.add(t);
                }
            } else if (m) {
                out.get(SessionPart.MORNING).add(t);
            } else if (a) {
                out.get(SessionPart.AFTERNOON).add(t);
            } else {
                unclaimed.add(t);
            }
        }
        if (overlap.size() >= 2) {
            out.get(SessionPart.MORNING).add(overlap.get(0));
            out.get(SessionPart.AFTERNOON).addAll(overlap.subList(1, overlap.size()));
        } else if (overlap.size() == 1) {
            Touch t = overlap.get(0);
            out.get(morningTakes(t, morning, afternoon, out.get(SessionPart.MORNING))
                    ? SessionPart.MORNING : SessionPart.AFTERNOON).add(t);
        }
        for (Touch t : unclaimed) {
            SessionPart half = t.time().isBefore(NOON) ? SessionPart.MORNING : SessionPart.AFTERNOON;
            if (!sessions.containsKey(half)) {
                out.get(half).add(t);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(x -> x.punch().at())));
        return out;
    }

    /** The single overlap punch closes the morning only when the morning has an in and no out yet, and it is nearer the morning's end. */
    private static boolean morningTakes(Touch t, CalendarDay.Session morning, CalendarDay.Session afternoon,
                                        List<Touch> morningPunches) {
        if (morningPunches.isEmpty()) {
            return false;
        }
        LocalTime midpoint = midpoint(morning);
        boolean hasOut = morningPunches.stream().skip(1).anyMatch(x -> !x.time().isBefore(midpoint));
        if (hasOut) {
            return false;
        }
        long toMorningEnd = Math.abs(ChronoUnit.MINUTES.between(morning.end(), t.time()));
        long toAfternoonStart = Math.abs(ChronoUnit.MINUTES.between(t.time(), afternoon.start()));
        return toMorningEnd < toAfternoonStart;
    }

    /** Whether the site's week (the season's, on a date in a season) has sessions on this date's weekday. */
    public static boolean normallyWorks(SiteCalendar calendar, LocalDate date) {
        List<SiteCalendar.SessionTime> week = calendar.seasons().stream().filter(x -> x.includes(date)).findFirst()
                .map(SiteCalendar.Season::sessions).orElse(calendar.sessions());
        return week.stream().anyMatch(t -> t.weekday() == date.getDayOfWeek());
    }

    private static LocalTime midpoint(CalendarDay.Session s) {
        return s.start().plusMinutes(s.minutes() / 2);
    }

    private static AttendanceSession scheduled(DayInput in, CalendarDay.Session s, List<Touch> punches, Instant now) {
        CalendarDay day = in.day();
        Touch inTouch = null;
        Touch outTouch = null;
        if (punches.size() == 1) {
            Touch only = punches.get(0);
            if (only.time().isBefore(midpoint(s))) {
                inTouch = only;
            } else {
                outTouch = only;
            }
        } else if (punches.size() > 1) {
            Touch first = punches.get(0);
            Touch last = punches.get(punches.size() - 1);
            inTouch = first.time().isBefore(s.end()) ? first : null;
            outTouch = last.time().isAfter(s.start()) ? last : null;
        }
        int late = inTouch != null && inTouch.time().isAfter(s.lateAfter())
                ? (int) ChronoUnit.MINUTES.between(s.start(), inTouch.time()) : 0;
        int early = outTouch != null && outTouch.time().isBefore(s.earlyBefore())
                ? (int) ChronoUnit.MINUTES.between(outTouch.time(), s.end()) : 0;
        Instant inAt = inTouch == null ? null : inTouch.punch().at();
        Instant outAt = outTouch == null ? null : outTouch.punch().at();
        Long correction = inTouch != null && inTouch.punch().manual() ? inTouch.punch().correctionId()
                : outTouch != null && outTouch.punch().manual() ? outTouch.punch().correctionId() : null;
        Instant startsAt = day.at(s.start());
        Instant endsAt = day.at(s.end());
        String leave = in.leave().get(s.part());
        if (leave != null) {
            return row(in, s.part(), AttendanceStatus.LEAVE, startsAt, endsAt, inAt, outAt, 0, 0, null, leave, null);
        }
        Long business = in.officialBusiness().get(s.part());
        if (business != null) {
            return row(in, s.part(), AttendanceStatus.OFFICIAL_BUSINESS, startsAt, endsAt, inAt, outAt, 0, 0, null,
                    null, business);
        }
        if (now.isBefore(endsAt)) {
            return row(in, s.part(), AttendanceStatus.OPEN, startsAt, endsAt, inAt, outAt, late, early, null, null,
                    correction);
        }
        boolean punched = inTouch != null || outTouch != null;
        if (day.type() == DayType.DUTY_SATURDAY) {
            return punched
                    ? row(in, s.part(), AttendanceStatus.DUTY, startsAt, endsAt, inAt, outAt, late, early,
                            missing(inTouch, outTouch), null, correction)
                    : row(in, s.part(), AttendanceStatus.NOT_SCHEDULED, startsAt, endsAt, null, null, 0, 0, null, null, null);
        }
        if (!punched) {
            return row(in, s.part(), AttendanceStatus.ABSENT, startsAt, endsAt, null, null, 0, 0, Missing.BOTH, null, null);
        }
        return row(in, s.part(), late > 0 ? AttendanceStatus.LATE : AttendanceStatus.WORKED, startsAt, endsAt, inAt,
                outAt, late, early, missing(inTouch, outTouch), null, correction);
    }

    private static Missing missing(Touch in, Touch out) {
        return in == null && out == null ? Missing.BOTH : in == null ? Missing.IN : out == null ? Missing.OUT : null;
    }

    private static AttendanceSession unscheduled(DayInput in, SessionPart part, List<Touch> punches) {
        boolean holiday = in.day().type() == DayType.HOLIDAY && in.normallyWorked();
        Instant inAt = punches.isEmpty() ? null : punches.get(0).punch().at();
        Instant outAt = punches.size() < 2 ? null : punches.get(punches.size() - 1).punch().at();
        String leave = in.leave().get(part);
        if (leave != null && in.everyDayLeave().contains(part)) {
            return row(in, part, AttendanceStatus.LEAVE, null, null, inAt, outAt, 0, 0, null, leave, null);
        }
        return row(in, part, holiday ? AttendanceStatus.HOLIDAY : AttendanceStatus.NOT_SCHEDULED, null, null, inAt, outAt,
                0, 0, null, null, null);
    }

    private static AttendanceSession row(DayInput in, SessionPart part, AttendanceStatus status, Instant startsAt,
                                         Instant endsAt, Instant inAt, Instant outAt, int late, int early,
                                         Missing missing, String leaveCode, Long correctionId) {
        return new AttendanceSession(in.officer().staffId(), in.day().date(), part, in.officer().homeSiteId(), status,
                startsAt, endsAt, inAt, outAt, late, early, missing, leaveCode, correctionId);
    }
}
