package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.onduty.server.imports.Headers;

/**
 * Which column of a queue system's export holds which ticket field, and how to read its text: times in
 * the site's zone as 2026-11-26 08:15[:00], 26/11/2026 08:15[:00], an ISO instant, or a bare 08:15 on the
 * row's service day; counters as "3" or "Quầy 03"; outcomes and 3-level ratings in English or Vietnamese
 * words. A row without an outcome but with an end time was served.
 */
record TicketMapping(Map<Field, String> columns, TicketInput.RatingScale scale) {

    /** The ticket fields a column can fill; number and issuedAt are required. */
    enum Field {
        NUMBER("number", true, "so phieu", "so thu tu", "stt phieu", "ticket", "ticket number", "number"),
        SERVICE_DATE("serviceDate", false, "ngay", "ngay giao dich", "service date", "date"),
        SERVICE("service", false, "dich vu", "linh vuc", "thu tuc", "service"),
        COUNTER("counterNumber", false, "quay", "so quay", "counter"),
        OFFICER("officerCode", false, "ma can bo", "can bo", "ma nhan vien", "officer", "officer code", "staff code"),
        ISSUED_AT("issuedAt", true, "gio lay so", "thoi gian lay so", "gio lay phieu", "issued", "issued at"),
        CALLED_AT("calledAt", false, "gio goi", "thoi gian goi", "called", "called at"),
        STARTED_AT("startedAt", false, "gio bat dau", "bat dau phuc vu", "started", "started at", "service start"),
        ENDED_AT("endedAt", false, "gio ket thuc", "ket thuc", "ended", "ended at", "service end"),
        OUTCOME("outcome", false, "ket qua", "trang thai", "outcome", "status"),
        RATING("rating", false, "danh gia", "muc do hai long", "rating");

        final String key;
        final boolean required;
        final List<String> guesses;

        Field(String key, boolean required, String... guesses) {
            this.key = key;
            this.required = required;
            this.guesses = List.of(guesses);
        }

        String key() {
            return key;
        }

        boolean required() {
            return required;
        }

        static Field of(String key) {
            for (Field f : values()) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            return null;
        }
    }

    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm[:ss]"), DateTimeFormatter.ofPattern("yyyy-MM-dd'T'H:mm[:ss]"),
            DateTimeFormatter.ofPattern("d/M/yyyy H:mm[:ss]"), DateTimeFormatter.ofPattern("d-M-yyyy H:mm[:ss]"));
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/yyyy"), DateTimeFormatter.ofPattern("d-M-yyyy"));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Map<String, TicketInput.Outcome> OUTCOMES = new LinkedHashMap<>();
    private static final Map<String, Integer> LEVELS = Map.of("khong hai long", 1, "unsatisfied", 1,
            "binh thuong", 2, "neutral", 2, "hai long", 3, "rat hai long", 3, "satisfied", 3);

    static {
        for (String w : List.of("served", "da phuc vu", "hoan thanh", "da xu ly", "xong", "da tiep nhan")) {
            OUTCOMES.put(w, TicketInput.Outcome.SERVED);
        }
        for (String w : List.of("no_show", "no-show", "no show", "vang mat", "bo ve", "khong co mat", "qua luot", "bo qua")) {
            OUTCOMES.put(w, TicketInput.Outcome.NO_SHOW);
        }
        for (String w : List.of("transferred", "chuyen", "chuyen quay", "da chuyen")) {
            OUTCOMES.put(w, TicketInput.Outcome.TRANSFERRED);
        }
    }

    /** A mapping guessed from the header's names, for a source seen for the first time. */
    static TicketMapping guess(List<String> header) {
        Map<Field, List<String>> names = new LinkedHashMap<>();
        for (Field f : Field.values()) {
            names.put(f, f.guesses);
        }
        return new TicketMapping(new LinkedHashMap<>(Headers.guess(header, names)), TicketInput.RatingScale.STARS5);
    }

    /** Problems of the mapping itself against a file's header: a required field unmapped, a column it lacks. */
    List<String> problems(List<String> header) {
        List<String> out = new ArrayList<>();
        for (Field f : Field.values()) {
            String column = columns.get(f);
            if (column == null && f.required) {
                out.add(f.key + ": choose the column that holds it");
            } else if (column != null && !header.contains(column)) {
                out.add(f.key + ": the file has no column '" + column + "'");
            }
        }
        return out;
    }

    /** Reads one data row; problems are added as "row N: field: ...". */
    TicketInput read(List<String> header, List<String> row, int rowNumber, ZoneId zone, List<String> problems) {
        String at = "row " + rowNumber;
        int before = problems.size();
        String number = value(header, row, Field.NUMBER);
        if (number == null) {
            problems.add(at + ": number: is empty");
        } else if (number.length() > TicketJson.MAX_NUMBER) {
            problems.add(at + ": number: at most " + TicketJson.MAX_NUMBER + " characters");
        }
        LocalDate date = null;
        String d = value(header, row, Field.SERVICE_DATE);
        if (d != null) {
            date = date(d.length() > 10 ? d.substring(0, 10).strip() : d);
            if (date == null) {
                problems.add(at + ": serviceDate: '" + d + "' is not a date such as 2026-11-26 or 26/11/2026");
            }
        }
        String service = value(header, row, Field.SERVICE);
        if (service != null && service.length() > TicketJson.MAX_SERVICE) {
            problems.add(at + ": service: at most " + TicketJson.MAX_SERVICE + " characters");
        }
        Integer counter = null;
        String c = value(header, row, Field.COUNTER);
        if (c != null) {
            List<String> digits = DIGITS.matcher(c).results().map(MatchResult::group).toList();
            if (digits.size() == 1 && digits.get(0).length() <= 6 && Integer.parseInt(digits.get(0)) > 0) {
                counter = Integer.valueOf(digits.get(0));
            } else {
                problems.add(at + ": counterNumber: '" + c + "' is not a counter number");
            }
        }
        String officer = value(header, row, Field.OFFICER);
        Instant issued = time(header, row, Field.ISSUED_AT, date, zone, at, problems);
        if (issued == null && value(header, row, Field.ISSUED_AT) == null) {
            problems.add(at + ": issuedAt: is empty");
        }
        Instant called = time(header, row, Field.CALLED_AT, date, zone, at, problems);
        Instant started = time(header, row, Field.STARTED_AT, date, zone, at, problems);
        Instant ended = time(header, row, Field.ENDED_AT, date, zone, at, problems);
        TicketInput.Outcome outcome = null;
        String o = value(header, row, Field.OUTCOME);
        if (o != null) {
            outcome = OUTCOMES.get(fold(o));
            if (outcome == null) {
                problems.add(at + ": outcome: '" + o + "' is not served, no-show or transferred (nor đã phục vụ, vắng mặt, chuyển quầy)");
            }
        } else if (ended != null) {
            outcome = TicketInput.Outcome.SERVED;
        }
        Integer rating = null;
        String r = value(header, row, Field.RATING);
        if (r != null) {
            rating = rating(r);
            if (rating == null || rating < 1 || rating > scale.max()) {
                problems.add(at + ": rating: '" + r + "' is not 1 to " + scale.max()
                        + (scale == TicketInput.RatingScale.LEVELS3 ? " (or không hài lòng, bình thường, hài lòng)" : " stars"));
                rating = null;
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new TicketInput(number, date, service, counter, officer, issued, called, started, ended, outcome, rating,
                rating == null ? null : scale);
    }

    private Integer rating(String text) {
        Matcher m = DIGITS.matcher(text);
        if (m.find()) {
            return m.group().length() > 3 ? null : Integer.valueOf(m.group());
        }
        return scale == TicketInput.RatingScale.LEVELS3 ? LEVELS.get(fold(text)) : null;
    }

    private String value(List<String> header, List<String> row, Field f) {
        String column = columns.get(f);
        if (column == null) {
            return null;
        }
        int i = header.indexOf(column);
        if (i < 0 || i >= row.size()) {
            return null;
        }
        String v = row.get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private Instant time(List<String> header, List<String> row, Field f, LocalDate date, ZoneId zone, String at,
                         List<String> problems) {
        String v = value(header, row, f);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // Not an instant with an offset: a local time, the usual case.
        }
        for (DateTimeFormatter p : DATE_TIMES) {
            try {
                return LocalDateTime.parse(v, p).atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // Try the next pattern.
            }
        }
        try {
            LocalTime t = LocalTime.parse(v, TIME);
            if (date == null) {
                problems.add(at + ": " + f.key + ": '" + v + "' is a time of day only; map the service date column too");
                return null;
            }
            return date.atTime(t).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            problems.add(at + ": " + f.key + ": '" + v + "' is not a time such as 2026-11-26 08:15 or 26/11/2026 08:15");
            return null;
        }
    }

    private static LocalDate date(String v) {
        for (DateTimeFormatter p : DATES) {
            try {
                return LocalDate.parse(v, p);
            } catch (DateTimeParseException ignored) {
                // Try the next pattern.
            }
        }
        return null;
    }

    private static String fold(String s) {
        return Headers.fold(s);
    }

    /** As stored in ticket_source.mapping: field key to column header. */
    Map<String, String> toJson() {
        Map<String, String> out = new LinkedHashMap<>();
        columns.forEach((f, c) -> out.put(f.key, c));
        return out;
    }

    static TicketMapping fromJson(Map<String, String> json, TicketInput.RatingScale scale) {
        Map<Field, String> columns = new LinkedHashMap<>();
        json.forEach((k, v) -> {
            Field f = Field.of(k);
            if (f != null && v != null && !v.isBlank()) {
                columns.put(f, v);
            }
        });
        return new TicketMapping(columns, scale);
    }
}
