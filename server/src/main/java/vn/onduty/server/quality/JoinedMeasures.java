package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.occupancy.OccupancyInterval;
import vn.onduty.server.roster.LeaveLink;

/**
 * The measures that join queue tickets to presence, for one site and one day. Everything counts only
 * within the day's opening sessions (the working calendar), cut at "now" for today. A counter's state
 * at a moment combines its camera zones as counter presence does everywhere: occupied if any zone sees
 * the seat occupied, else empty if any sees it empty, else unknown.
 *
 * <ul>
 * <li><b>(a) Unattended-queue minutes</b> of a counter: minutes of opening hours when the counter was
 *     empty or unknown while at least one ticket for a service it handles was waiting. A ticket waits
 *     from its issue until it is called (or, without a call time, service starts or ends; never
 *     called: for the rest of the day). A counter handles a ticket's service when the service is in
 *     the counter's list of services, when the counter lists none (a general counter), or when the
 *     ticket names none. Counters no camera watches have no value here: unknown all day would say
 *     nothing.
 * <li><b>(b) Away-from-counter minutes</b> of an officer: minutes of a session in which the roster
 *     puts the officer at a watched counter, the officer is clocked in (from the in-punch of that
 *     session to its out-punch, or to the session's end without one), and the camera sees that
 *     counter empty. Unknown time is never counted as away.
 * <li><b>(c) Coverage during leave</b>: for each session the roster fills with a substitution (one
 *     officer standing in for another, which approved leave creates), who stood in, for whom and why
 *     (the leave request, when leave approval made the substitution; else the reason typed with it),
 *     the minutes the substitute was clocked in, and the minutes the counter was occupied while they
 *     were.
 * <li><b>(d) Data-quality flags</b>: {@code SERVED_AT_EMPTY_COUNTER}, a ticket served (with start
 *     and end times of at least a minute) at a watched counter that the camera saw empty for at least
 *     half of the service; {@code PUNCH_NOT_ROSTERED}, an officer clocked in for a session in which
 *     the roster has them at no counter of the site.
 * <li><b>(e) Presence</b> of an officer: of the opening minutes the roster puts them at a watched
 *     counter, the minutes that counter was occupied. Presence % = occupied / rostered.
 * </ul>
 */
public final class JoinedMeasures {

    /** An opening session of the day, already cut at now. */
    public record Window(SessionPart part, Instant start, Instant end) {}

    /** A counter with the services it handles; watched when some camera zone ever covered it. */
    public record CounterInfo(long id, int number, String name, List<String> services, boolean watched) {}

    /**
     * Who the roster puts at a counter in a session; substitutedStaffId is set for a substitution, leave when
     * the substitution covers approved leave.
     */
    public record Rostered(long counterId, SessionPart part, long staffId, Long substitutedStaffId, String reason,
                           LeaveLink leave) {}

    /** An officer's attendance in a session at this site: in-punch and out-punch (either may be null). */
    public record ClockedIn(long staffId, SessionPart part, Instant in, Instant out) {}

    public record Ticket(long id, String number, String service, Long counterId, Long staffId, Instant issuedAt,
                         Instant calledAt, Instant startedAt, Instant endedAt, String outcome) {}

    /**
     * Everything one day's measures read.
     *
     * @param dayEnd the end of the day, or now for today: open intervals and waiting tickets stop there
     */
    public record Day(LocalDate date, Instant dayStart, Instant dayEnd, List<Window> windows, List<CounterInfo> counters,
                      List<OccupancyInterval> intervals, List<Rostered> roster, List<ClockedIn> clockedIn,
                      List<Ticket> tickets) {}

    /**
     * (a) and the coverage behind it. unattendedQueueSeconds is null for an unwatched counter; awaySeconds
     * is (b) of the officers rostered at this counter.
     */
    public record CounterDay(long counterId, LocalDate date, long openingSeconds, long occupiedSeconds,
                             long emptySeconds, long unknownSeconds, long queueSeconds, Long unattendedQueueSeconds,
                             long awaySeconds) {}

    /** (b) and (e) for one officer's rostered sessions at watched counters. */
    public record OfficerDay(long staffId, LocalDate date, long rosteredSeconds, long presentSeconds,
                             long clockedInSeconds, long awaySeconds) {}

    /** (c) one substituted session: why is the leave it covers, or (a substitution made by hand) its reason. */
    public record Cover(LocalDate date, SessionPart part, long counterId, long staffId, long replacedStaffId,
                        LeaveLink leave, String reason, long sessionSeconds, long clockedInSeconds,
                        long occupiedWhileClockedInSeconds, boolean watched) {}

    public enum FlagKind { SERVED_AT_EMPTY_COUNTER, PUNCH_NOT_ROSTERED }

    /** (d) one flag; ticket fields for SERVED_AT_EMPTY_COUNTER, part for PUNCH_NOT_ROSTERED. */
    public record Flag(LocalDate date, FlagKind kind, Long counterId, Long staffId, Long ticketId, String ticketNumber,
                       SessionPart part, Instant at, long seconds) {}

    public record Result(List<CounterDay> counters, List<OfficerDay> officers, List<Cover> covers, List<Flag> flags) {}

    /** A counter's presence over the whole day, as spans. */
    private record State(Spans occupied, Spans empty, Spans unknown) {}

    private static final Instant OPEN_END = Instant.ofEpochMilli(Long.MAX_VALUE / 2);

    private JoinedMeasures() {}

    public static Result of(Day day) {
        Spans wholeDay = Spans.of(day.dayStart(), day.dayEnd());
        Map<SessionPart, Spans> byPart = new HashMap<>();
        for (Window w : day.windows()) {
            byPart.merge(w.part(), Spans.of(w.start(), w.end()), Spans::or);
        }
        Spans opening = Spans.union(byPart.values());

        Map<Long, List<OccupancyInterval>> intervals = day.intervals().stream()
                .collect(Collectors.groupingBy(OccupancyInterval::counterId));
        Map<Long, State> states = new HashMap<>();
        Map<Long, CounterInfo> counters = new HashMap<>();
        for (CounterInfo c : day.counters()) {
            counters.put(c.id(), c);
            states.put(c.id(), state(intervals.getOrDefault(c.id(), List.of()), wholeDay, day.dayEnd()));
        }

        Map<String, ClockedIn> attendance = new HashMap<>();
        for (ClockedIn a : day.clockedIn()) {
            attendance.put(a.staffId() + "/" + a.part(), a);
        }
        Map<Long, long[]> officers = new HashMap<>();
        List<Cover> covers = new ArrayList<>();
        Set<String> rosteredKeys = new HashSet<>();
        Map<Long, Long> awayByCounter = new HashMap<>();
        for (Rostered r : day.roster()) {
            rosteredKeys.add(r.staffId() + "/" + r.part());
            Spans session = byPart.getOrDefault(r.part(), Spans.EMPTY);
            CounterInfo c = counters.get(r.counterId());
            State s = states.get(r.counterId());
            Spans clocked = clockedIn(attendance.get(r.staffId() + "/" + r.part()), session);
            boolean watched = c != null && c.watched();
            if (watched) {
                long[] o = officers.computeIfAbsent(r.staffId(), k -> new long[4]);
                o[0] += session.seconds();
                o[1] += s.occupied().and(session).seconds();
                o[2] += clocked.seconds();
                long away = s.empty().and(clocked).seconds();
                o[3] += away;
                awayByCounter.merge(r.counterId(), away, Long::sum);
            }
            if (r.substitutedStaffId() != null) {
                covers.add(new Cover(day.date(), r.part(), r.counterId(), r.staffId(), r.substitutedStaffId(), r.leave(),
                        r.leave() == null ? r.reason() : null, session.seconds(), clocked.seconds(),
                        watched ? s.occupied().and(clocked).seconds() : 0, watched));
            }
        }
        Map<String, Spans> waitingByService = new HashMap<>();
        List<Spans> unnamed = new ArrayList<>();
        for (Ticket t : day.tickets()) {
            Spans w = waiting(t, day.dayEnd());
            if (t.service() == null || t.service().isBlank()) {
                unnamed.add(w);
            } else {
                waitingByService.merge(key(t.service()), w, Spans::or);
            }
        }
        Spans waitingUnnamed = Spans.union(unnamed);
        Spans waitingAny = Spans.union(waitingByService.values()).or(waitingUnnamed);
        List<CounterDay> counterDays = new ArrayList<>();
        for (CounterInfo c : day.counters()) {
            State s = states.get(c.id());
            Spans queue;
            if (c.services().isEmpty()) {
                queue = waitingAny;
            } else {
                List<Spans> parts = new ArrayList<>();
                parts.add(waitingUnnamed);
                for (String service : c.services()) {
                    parts.add(waitingByService.getOrDefault(key(service), Spans.EMPTY));
                }
                queue = Spans.union(parts);
            }
            queue = queue.and(opening);
            Long unattended = c.watched() ? s.empty().or(s.unknown()).and(queue).seconds() : null;
            counterDays.add(new CounterDay(c.id(), day.date(), opening.seconds(), s.occupied().and(opening).seconds(),
                    s.empty().and(opening).seconds(), s.unknown().and(opening).seconds(), queue.seconds(), unattended,
                    awayByCounter.getOrDefault(c.id(), 0L)));
        }

        List<OfficerDay> officerDays = officers.entrySet().stream()
                .map(e -> new OfficerDay(e.getKey(), day.date(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        e.getValue()[3]))
                .sorted(java.util.Comparator.comparingLong(OfficerDay::staffId))
                .toList();

        List<Flag> flags = new ArrayList<>();
        for (Ticket t : day.tickets()) {
            if (!"SERVED".equals(t.outcome()) || t.counterId() == null || t.endedAt() == null) {
                continue;
            }
            CounterInfo c = counters.get(t.counterId());
            Instant start = t.startedAt() != null ? t.startedAt() : t.calledAt();
            Spans service = Spans.of(start, t.endedAt());
            if (c == null || !c.watched() || service.millis() < 60_000) {
                continue;
            }
            long empty = states.get(c.id()).empty().and(service).millis();
            if (empty * 2 >= service.millis()) {
                flags.add(new Flag(day.date(), FlagKind.SERVED_AT_EMPTY_COUNTER, c.id(), t.staffId(), t.id(), t.number(),
                        null, start, Math.round(empty / 1000.0)));
            }
        }
        for (ClockedIn a : day.clockedIn()) {
            if (a.in() != null && !rosteredKeys.contains(a.staffId() + "/" + a.part())
                    && byPart.containsKey(a.part())) {
                flags.add(new Flag(day.date(), FlagKind.PUNCH_NOT_ROSTERED, null, a.staffId(), null, null, a.part(), a.in(), 0));
            }
        }
        return new Result(counterDays, officerDays, covers, flags);
    }

    /** The counter's occupied, empty and unknown time over the day, zones combined. */
    private static State state(List<OccupancyInterval> intervals, Spans day, Instant dayEnd) {
        List<Spans> occupied = new ArrayList<>();
        List<Spans> empty = new ArrayList<>();
        for (OccupancyInterval i : intervals) {
            Spans s = Spans.of(i.start(), i.end() == null ? dayEnd : i.end());
            if (i.state().equals("occupied")) {
                occupied.add(s);
            } else if (i.state().equals("empty")) {
                empty.add(s);
            }
        }
        Spans occ = Spans.union(occupied).and(day);
        Spans emp = Spans.union(empty).and(day).minus(occ);
        return new State(occ, emp, day.minus(occ).minus(emp));
    }

    /** From issue until called (else service start, else end, else the end of the day). */
    static Spans waiting(Ticket t, Instant dayEnd) {
        Instant until = t.calledAt() != null ? t.calledAt() : t.startedAt() != null ? t.startedAt()
                : t.endedAt() != null ? t.endedAt() : dayEnd;
        return Spans.of(t.issuedAt(), until.isAfter(dayEnd) ? dayEnd : until);
    }

    private static Spans clockedIn(ClockedIn a, Spans session) {
        if (a == null || a.in() == null) {
            return Spans.EMPTY;
        }
        // Without an out-punch the officer counts as in until the session ends.
        return Spans.of(a.in(), a.out() != null ? a.out() : OPEN_END).and(session);
    }

    private static String key(String service) {
        return service.strip().toLowerCase(Locale.ROOT);
    }
}
