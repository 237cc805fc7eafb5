package vn.onduty.server.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The one reading of dates, months, whole numbers and booleans from request text: query and path parameters
 * (through {@link StrictParams}), form fields ({@code web.Forms}) and multipart fields. Blank is "not given"
 * (null); anything else either reads or is refused with a {@link BadValueException} naming the expected format.
 */
public final class Params {

    /** No working calendar, lunar table or timesheet covers years outside these, so a date there is a typo. */
    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2199;

    /** What a value must look like, in the words of the 400 answer; pages say it with {@code error.badParameter.<key>}. */
    public enum Format {
        DATE("date", "a date as yyyy-MM-dd from " + FIRST_YEAR + " to " + LAST_YEAR + ", such as 2026-11-26"),
        MONTH("month", "a month as yyyy-MM from " + FIRST_YEAR + " to " + LAST_YEAR + ", such as 2026-11"),
        MOMENT("moment", "an instant such as 2026-11-26T00:00:00Z or a date such as 2026-11-26"),
        WHOLE_NUMBER("number", "a whole number, such as 12"),
        BOOLEAN("boolean", "true or false");

        private final String key;
        private final String description;

        Format(String key, String description) {
            this.key = key;
            this.description = description;
        }

        /** The message key suffix: {@code error.badParameter.date}. */
        public String key() {
            return key;
        }

        public String description() {
            return description;
        }
    }

    /**
     * A value not in its format: the format and the value as sent, so that the 400 and the error page can say both
     * ({@link ExceptionMappers.BadParameter} finds it as the cause of Jersey's ParamException).
     */
    public static final class BadValueException extends RuntimeException {
        private final Format format;
        private final String value;

        public BadValueException(Format format, String value) {
            super("must be " + format.description() + ", not '" + value + "'");
            this.format = format;
            this.value = value;
        }

        public Format format() {
            return format;
        }

        public String value() {
            return value;
        }
    }

    private Params() {}

    public static LocalDate date(String text) {
        String v = given(text);
        if (v == null) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(v);
            if (d.getYear() >= FIRST_YEAR && d.getYear() <= LAST_YEAR) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new BadValueException(Format.DATE, text);
    }

    public static YearMonth month(String text) {
        String v = given(text);
        if (v == null) {
            return null;
        }
        try {
            YearMonth m = YearMonth.parse(v);
            if (m.getYear() >= FIRST_YEAR && m.getYear() <= LAST_YEAR) {
                return m;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new BadValueException(Format.MONTH, text);
    }

    /** An instant, or a date standing for the whole day in a site's zone (see {@link Moment}). */
    public static Moment moment(String text) {
        String v = given(text);
        if (v == null) {
            return null;
        }
        if (!v.contains("T")) {
            try {
                return new Moment(date(v), null);
            } catch (BadValueException e) {
                throw new BadValueException(Format.MOMENT, text);
            }
        }
        try {
            return new Moment(null, Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw new BadValueException(Format.MOMENT, text);
        }
    }

    /**
     * A point in time as a range's end is given: an instant, or a date meaning its day in the zone the range is read
     * in. Exactly one of {@code date} and {@code instant} is set.
     */
    public record Moment(LocalDate date, Instant instant) {

        /** The instant itself, or the start of the date's day. */
        public Instant start(ZoneId zone) {
            return instant != null ? instant : date.atStartOfDay(zone).toInstant();
        }

        /** The instant itself, or the end of the date's day (the start of the next): a date ends a range inclusively. */
        public Instant end(ZoneId zone) {
            return instant != null ? instant : date.plusDays(1).atStartOfDay(zone).toInstant();
        }
    }

    /** An id or another whole number: digits with an optional sign, nothing else ("12", not "12.0" or "1e3"). */
    public static Long wholeNumber(String text) {
        String v = given(text);
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw new BadValueException(Format.WHOLE_NUMBER, text);
        }
    }

    public static Integer integer(String text) {
        Long n = wholeNumber(text);
        if (n == null) {
            return null;
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new BadValueException(Format.WHOLE_NUMBER, text);
        }
        return n.intValue();
    }

    /** {@code true} or {@code false} only: the JAX-RS default reads "yes" or "1" as false, which hides a typo. */
    public static Boolean bool(String text) {
        String v = given(text);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new BadValueException(Format.BOOLEAN, text);
    }

    private static String given(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
