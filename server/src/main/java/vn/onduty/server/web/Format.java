package vn.onduty.server.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Dates and times as Vietnamese offices write them: dd/MM/yyyy, 24-hour clock, in the site's zone. */
public final class Format {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    public String date(LocalDate d) {
        return d == null ? "" : DATE.format(d);
    }

    /** For {@code <input type="date">}, which wants yyyy-MM-dd whatever the display format. */
    public String isoDate(LocalDate d) {
        return d == null ? "" : ISO_DATE.format(d);
    }

    /** "Thứ Năm" or "Thursday". */
    public String weekday(LocalDate d, String lang) {
        return d == null ? "" : d.format(DateTimeFormatter.ofPattern("EEEE", java.util.Locale.forLanguageTag(lang)));
    }

    /** Clock time only, for a list that is already grouped by day. */
    public String time(Instant i, String zone) {
        if (i == null) {
            return "";
        }
        return TIME.format(i.atZone(zone == null || zone.isBlank() ? DEFAULT_ZONE : ZoneId.of(zone)));
    }

    public String dateTime(Instant i) {
        return dateTime(i, null);
    }

    public String dateTime(Instant i, String zone) {
        if (i == null) {
            return "";
        }
        return DATE_TIME.format(i.atZone(zone == null || zone.isBlank() ? DEFAULT_ZONE : ZoneId.of(zone)));
    }
}
