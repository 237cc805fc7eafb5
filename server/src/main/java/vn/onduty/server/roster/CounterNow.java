package vn.onduty.server.roster;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.LocalTime;
import vn.onduty.server.calendar.SessionPart;

/**
 * One counter at a moment of a day, for the "today" board: the session going on (CURRENT), else the
 * next one of the day (NEXT), else none (OVER after the last session, NO_SESSION on a closed day),
 * with whom the roster puts there.
 */
public record CounterNow(long counterId, int counterNumber, String counterName, State state, SessionPart part,
                         @JsonFormat(pattern = "HH:mm") LocalTime start, @JsonFormat(pattern = "HH:mm") LocalTime end,
                         Officer officer, Source source, boolean closed, Officer substituted, String reason) {

    public enum State { CURRENT, NEXT, OVER, NO_SESSION }
}
