package vn.onduty.server.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.calendar.SessionPart;

/**
 * One officer on two or more counters in the same session: of one date, or (inside a weekly template) of every
 * such weekday. The counters may be at one site or at several: an officer is one person wherever they are rostered.
 *
 * @param date the date, or null for a clash inside a weekly template
 * @param weekday the weekday of a clash inside a weekly template, or null
 * @param places the counters, the one being changed first
 */
public record DoubleBooking(Officer officer, LocalDate date, DayOfWeek weekday, SessionPart part, List<Place> places) {

    /** A counter and the site it belongs to. */
    public record Place(long siteId, String siteName, long counterId, int counterNumber, String counterName) {

        public static Place of(long siteId, String siteName, CounterRef c) {
            return new Place(siteId, siteName, c.id(), c.number(), c.name());
        }

        /** "counter 5 (Quầy 5 – Sở Tư pháp)", as messages name a counter. */
        public String counterLabel() {
            return "counter " + counterNumber + " (" + counterName + ")";
        }
    }

    public DoubleBooking {
        places = List.copyOf(places);
    }

    /** Whether the counters are at more than one site: then every counter is named with its site. */
    public boolean acrossSites() {
        return places.stream().map(Place::siteId).distinct().count() > 1;
    }

    /**
     * "CB0012 Nguyễn Thị Lan would be on counter 3 (…) and counter 5 (…) in the MORNING session of 2027-03-01";
     * across sites each counter is followed by "at &lt;site&gt;".
     */
    public String describe() {
        boolean sites = acrossSites();
        return officer.label() + " would be on "
                + String.join(" and ", places.stream()
                        .map(p -> p.counterLabel() + (sites ? " at " + p.siteName() : "")).toList())
                + " in the " + part + " session of " + (date != null ? date.toString() : "every " + weekday);
    }
}
