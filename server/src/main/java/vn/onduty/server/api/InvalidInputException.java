package vn.onduty.server.api;

import java.util.List;

/** Well-formed input that breaks a rule, with one detail per offending field: HTTP 422. */
public class InvalidInputException extends RuntimeException {
    private final List<String> details;

    public InvalidInputException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public static InvalidInputException field(String field, String problem) {
        return new InvalidInputException("Invalid " + field, List.of(field + " " + problem));
    }

    public List<String> details() {
        return details;
    }
}
