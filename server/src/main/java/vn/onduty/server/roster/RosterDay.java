package vn.onduty.server.roster;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import vn.onduty.server.calendar.CalendarDay.DayType;
import vn.onduty.server.calendar.SessionPart;

/**
 * A site's effective roster on one date: every active counter times every session the working
 * calendar has that date (none on holidays and rest days, the morning only on a duty Saturday),
 * ordered by counter number, then session.
 */
public record RosterDay(long siteId, LocalDate date, DayType dayType, List<Session> sessions,
                        List<Assignment> assignments) {

    /** A session of the date, times in the site's zone. */
    public record Session(SessionPart part, @JsonFormat(pattern = "HH:mm") LocalTime start,
                          @JsonFormat(pattern = "HH:mm") LocalTime end) {}

    public RosterDay {
        sessions = List.copyOf(sessions);
        assignments = List.copyOf(assignments);
    }

    public Optional<Assignment> at(long counterId, SessionPart part) {
        return assignments.stream().filter(a -> a.counterId() == counterId && a.part() == part).findFirst();
    }

    public boolean has(SessionPart part) {
        return sessions.stream().anyMatch(s -> s.part() == part);
    }
}
