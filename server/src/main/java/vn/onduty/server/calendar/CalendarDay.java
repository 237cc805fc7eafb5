package vn.onduty.server.calendar;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * What one date is at one site, as attendance, leave and timesheets compute against it.
 *
 * @param type why the day is what it is
 * @param working whether it counts as a working day (leave counts these): a normal working day of the
 *     site's week or a swapped working day; not a holiday, a rest day or a duty Saturday
 * @param open whether the site has sessions that day (working days and duty Saturdays)
 * @param name the schedule entry that decided the day: the holiday's name, or the swap's; else null
 * @param scheduleConfirmed whether the year's holiday schedule is the confirmed one; false means
 *     the computed suggestions or a draft apply, and pages flag the day as provisional
 * @param season the season whose sessions apply, null for the site's default week
 * @param sessions the sessions in order, times in the site's {@code zone}; empty on a closed day
 */
public record CalendarDay(long siteId, LocalDate date, ZoneId zone, DayType type, boolean working, boolean open,
                          String name, boolean scheduleConfirmed, String season, List<Session> sessions) {

    /** Times are whole minutes: written as 07:30, as offices write them. */
    static final String HH_MM = "HH:mm";

    public enum DayType {
        /** A day of the site's week with sessions. */
        WORKDAY,
        /** A day of the site's week without sessions: usually Saturday and Sunday. */
        REST_DAY,
        /** A day off in the year's schedule (nationwide, or the site's own). */
        HOLIDAY,
        /** A Saturday or Sunday worked in exchange for a day off (ngày làm bù): a full working day. */
        SWAPPED_WORKING_DAY,
        /** A Saturday the site opens for the morning session only. */
        DUTY_SATURDAY
    }

    /**
     * One session. An in-punch counts for it from {@code punchFrom}, and is late after {@code lateAfter}
     * (start plus grace); an out-punch is early before {@code earlyBefore} (end minus grace) and counts
     * until {@code punchUntil}. Windows are clamped to the day (00:00–23:59); where the morning's out-window and the
     * afternoon's in-window overlap, attendance decides which session a punch belongs to.
     */
    public record Session(SessionPart part, @JsonFormat(pattern = HH_MM) LocalTime start,
                          @JsonFormat(pattern = HH_MM) LocalTime end, int lateGraceMinutes, int earlyLeaveGraceMinutes,
                          @JsonFormat(pattern = HH_MM) LocalTime lateAfter, @JsonFormat(pattern = HH_MM) LocalTime earlyBefore,
                          @JsonFormat(pattern = HH_MM) LocalTime punchFrom, @JsonFormat(pattern = HH_MM) LocalTime punchUntil) {

        public long minutes() {
            return java.time.Duration.between(start, end).toMinutes();
        }
    }

    public CalendarDay {
        sessions = List.copyOf(sessions);
    }

    public boolean holiday() {
        return type == DayType.HOLIDAY;
    }

    public boolean swappedWorkingDay() {
        return type == DayType.SWAPPED_WORKING_DAY;
    }

    public boolean dutySaturday() {
        return type == DayType.DUTY_SATURDAY;
    }

    /** A time of this day at the site, as an instant. */
    public Instant at(LocalTime time) {
        return date.atTime(time).atZone(zone).toInstant();
    }
}
