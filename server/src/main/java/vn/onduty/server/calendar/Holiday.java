package vn.onduty.server.calendar;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One entry of a year's holiday schedule: nationwide when {@code siteId} is null, else one site's own.
 * {@code suggestion} names the computed suggestion it came from (null when an admin added it);
 * {@code id} is null for a suggestion not stored yet. A withdrawn entry no longer applies and is kept
 * as history; {@code replacesId} points at the entry this one replaced after the year was confirmed.
 */
public record Holiday(Long id, LocalDate date, Long siteId, HolidayKind kind, String name, String suggestion,
                      Long replacesId, Instant createdAt, Instant updatedAt, Instant withdrawnAt,
                      String withdrawReason) {

    public boolean current() {
        return withdrawnAt == null;
    }

    static Holiday suggested(LocalDate date, String name, String key) {
        return new Holiday(null, date, null, HolidayKind.DAY_OFF, name, key, null, null, null, null, null);
    }
}
