package vn.onduty.server.calendar;

/**
 * A broken calendar rule: the field it is about (as in the request, e.g. {@code seasons[0].from}),
 * a stable code the pages translate ({@code calendar.problem.<code>}), and the English text the API answers with.
 */
public record CalendarProblem(String field, String code, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
