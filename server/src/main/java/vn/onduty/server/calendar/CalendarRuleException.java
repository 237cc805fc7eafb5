package vn.onduty.server.calendar;

import java.util.List;
import vn.onduty.server.api.InvalidInputException;

/** Input that breaks a calendar rule: HTTP 422 naming each field, and codes the pages can translate. */
public class CalendarRuleException extends InvalidInputException {

    private final List<CalendarProblem> problems;

    public CalendarRuleException(String message, List<CalendarProblem> problems) {
        super(message, problems.stream().map(CalendarProblem::toString).toList());
        this.problems = List.copyOf(problems);
    }

    public static CalendarRuleException of(String field, String code, String message) {
        return new CalendarRuleException("Invalid " + field, List.of(new CalendarProblem(field, code, message)));
    }

    public List<CalendarProblem> problems() {
        return problems;
    }
}
