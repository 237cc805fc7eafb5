package vn.onduty.server.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code POST /api/tickets} bodies record by record, naming each problem by index
 * ({@code tickets[3].issuedAt: must be an ISO-8601 instant}), as the agent protocol does for events.
 */
final class TicketJson {

    static final int MAX_NUMBER = 32;
    static final int MAX_SERVICE = 200;

    /** The parsed tickets (in order), or the problems. */
    record Result(List<TicketInput> tickets, List<String> problems) {}

    private TicketJson() {}

    static Result read(JsonNode body, int max) {
        List<String> problems = new ArrayList<>();
        JsonNode tickets = body == null ? null : body.get("tickets");
        if (tickets == null || !tickets.isArray()) {
            return new Result(List.of(), List.of("tickets: must be an array"));
        }
        if (tickets.size() > max) {
            return new Result(List.of(), List.of("tickets: at most " + max + " per batch, got " + tickets.size()));
        }
        List<TicketInput> out = new ArrayList<>();
        for (int i = 0; i < tickets.size(); i++) {
            JsonNode t = tickets.get(i);
            String at = "tickets[" + i + "]";
            if (t == null || !t.isObject()) {
                problems.add(at + ": must be an object");
                continue;
            }
            int before = problems.size();
            String number = null;
            JsonNode n = t.get("number");
            if (n != null && (n.isTextual() || n.isIntegralNumber()) && !n.asText().isBlank()
                    && n.asText().strip().length() <= MAX_NUMBER) {
                number = n.asText().strip();
            } else {
                problems.add(at + ".number: is required: the ticket number as printed (1-" + MAX_NUMBER + " characters)");
            }
            LocalDate serviceDate = null;
            String date = text(t, "serviceDate", at, problems);
            if (date != null) {
                try {
                    serviceDate = LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    problems.add(at + ".serviceDate: must be a date such as 2026-11-26");
                }
            }
            String service = text(t, "service", at, problems);
            if (service != null && service.length() > MAX_SERVICE) {
                problems.add(at + ".service: at most " + MAX_SERVICE + " characters");
            }
            Integer counter = null;
            JsonNode c = t.get("counterNumber");
            if (c != null && !c.isNull()) {
                if (c.isIntegralNumber() && c.canConvertToInt() && c.intValue() > 0) {
                    counter = c.intValue();
                } else {
                    problems.add(at + ".counterNumber: must be the counter's number, 1 or more");
                }
            }
            String officer = text(t, "officerCode", at, problems);
            Instant issued = instant(t, "issuedAt", at, problems);
            Instant called = instant(t, "calledAt", at, problems);
            Instant started = instant(t, "startedAt", at, problems);
            Instant ended = instant(t, "endedAt", at, problems);
            TicketInput.Outcome outcome = null;
            String o = text(t, "outcome", at, problems);
            if (o != null) {
                try {
                    outcome = TicketInput.Outcome.valueOf(o.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".outcome: must be SERVED, NO_SHOW or TRANSFERRED");
                }
            }
            Integer rating = null;
            JsonNode r = t.get("rating");
            if (r != null && !r.isNull()) {
                if (r.isIntegralNumber() && r.canConvertToInt()) {
                    rating = r.intValue();
                } else {
                    problems.add(at + ".rating: must be a whole number");
                }
            }
            TicketInput.RatingScale scale = null;
            String s = text(t, "ratingScale", at, problems);
            if (s != null) {
                try {
                    scale = TicketInput.RatingScale.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".ratingScale: must be STARS5 or LEVELS3");
                }
            }
            if (problems.size() == before) {
                out.add(new TicketInput(number, serviceDate, service, counter, officer, issued, called, started, ended,
                        outcome, rating, scale));
            }
        }
        return new Result(out, problems);
    }

    private static String text(JsonNode t, String field, String at, List<String> problems) {
        JsonNode n = t.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            problems.add(at + "." + field + ": must be text");
            return null;
        }
        return n.textValue().isBlank() ? null : n.textValue().strip();
    }

    private static Instant instant(JsonNode t, String field, String at, List<String> problems) {
        String v = text(t, field, at, problems);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(at + "." + field + ": must be an ISO-8601 instant such as 2026-11-26T01:15:00Z");
            return null;
        }
    }
}
