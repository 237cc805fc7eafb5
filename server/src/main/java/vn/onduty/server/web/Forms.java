package vn.onduty.server.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.api.Params;

/**
 * Form handling shared by the admin pages: reading fields, validating the same input records the
 * API validates, and turning failures a user can fix into translated messages beside the form.
 */
public final class Forms {

    /**
     * Rules the services report as English text without a code, by how the text begins. A rule not
     * listed here is still shown, in English; MessagesTest checks that every key here is in the bundles.
     */
    public static final Map<String, String> RULES = Map.of(
            "staffId is required for an OFFICER", "rule.officerNeedsStaff",
            "scopeSiteIds and scopeDepartmentIds apply only to a SUPERVISOR", "rule.scopeOnlyForSupervisor",
            "At least one active ADMIN account must remain", "rule.lastAdmin",
            "Already locked:", "rule.timesheetAlreadyLocked",
            "Not locked:", "rule.timesheetNotLocked",
            "Locked month:", "rule.timesheetLocked",
            "reason is required", "rule.unlockReason",
            "month is in the future", "rule.monthInFuture");

    private final Validator validator;

    public Forms(Validator validator) {
        this.validator = validator;
    }

    /** Field name → translated problem, empty when the input is valid. */
    public Map<String, String> validate(Object input, Messages t) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (ConstraintViolation<Object> v : validator.validate(input)) {
            String path = v.getPropertyPath().toString();
            String field = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            field = field.replaceAll("\\[.*", "");
            String kind = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
            Object max = v.getConstraintDescriptor().getAttributes().getOrDefault("max",
                    v.getConstraintDescriptor().getAttributes().get("value"));
            String key = "validation." + kind;
            errors.putIfAbsent(field, t.has(key) ? t.get(key, max == null ? "" : max) : v.getMessage());
        }
        return errors;
    }

    /** What a form page shows again when a submission fails: the input as typed, errors by field, broken rules. */
    @FunctionalInterface
    public interface Again<I> {
        PageView show(I input, Map<String, String> errors, List<String> problems);
    }

    /**
     * Runs a submitted form the one way every admin page does: field errors show the form again (422);
     * otherwise the change runs and answers (usually a redirect); a rule the change broke shows the
     * form again with the reason; a server fault is thrown on to the error page.
     */
    public static <I> Response submit(I input, Map<String, String> errors, Messages t, Supplier<Response> change,
                                      Again<I> again) {
        if (!errors.isEmpty()) {
            return Response.status(422).entity(again.show(input, errors, List.of())).build();
        }
        try {
            return change.get();
        } catch (RuntimeException e) {
            List<String> problems = problems(e, t).orElseThrow(() -> e);
            return Response.status(422).entity(again.show(input, Map.of(), problems)).build();
        }
    }

    /** After a change, back to the record's page with the banner saying what was done (see ListFilters.done). */
    public static Response done(String path, String what) {
        return Response.seeOther(java.net.URI.create(path + "?done=" + what)).build();
    }

    /** Messages for a failure the user can fix, translated where OnDuty knows the rule; empty for a server fault. */
    public static Optional<List<String>> problems(RuntimeException e, Messages t) {
        return ExceptionMappers.known(e).map(k -> {
            List<String> out = new ArrayList<>();
            if (k.constraint() != null && t.has("constraint." + k.constraint())) {
                out.add(t.get("constraint." + k.constraint()));
            } else if (k.code() == 404) {
                out.add(t.get("error.title.404"));
            } else if (!k.details().isEmpty()) {
                k.details().forEach(d -> out.add(rule(d, t)));
            } else {
                out.add(rule(k.message(), t));
            }
            return out;
        });
    }

    /** A rule a service states in English, in the page's language when OnDuty knows it; else as it is. */
    public static String rule(String message, Messages t) {
        return RULES.entrySet().stream()
                .filter(r -> message != null && message.startsWith(r.getKey()))
                .findFirst()
                .map(r -> t.get(r.getValue()))
                .orElse(message);
    }

    public static String text(MultivaluedMap<String, String> form, String name) {
        String v = form.getFirst(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public static Long id(MultivaluedMap<String, String> form, String name) {
        return id(form.getFirst(name));
    }

    /** An id as a form or multipart field sends it; null when blank or not a whole number (a tampered field). */
    public static Long id(String value) {
        try {
            return Params.wholeNumber(value);
        } catch (Params.BadValueException e) {
            return null;
        }
    }

    /** A whole number; -1 when it is not one, which the input's validation then refuses. */
    public static Integer integer(MultivaluedMap<String, String> form, String name) {
        try {
            return Params.integer(form.getFirst(name));
        } catch (Params.BadValueException e) {
            return -1;
        }
    }

    /** Every non-blank value of a repeated field, such as a group of checkboxes. */
    public static List<String> values(MultivaluedMap<String, String> form, String name) {
        List<String> values = form.get(name);
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    /** A date as {@code <input type="date">} sends it (yyyy-MM-dd); null when blank or not a date. */
    public static LocalDate date(MultivaluedMap<String, String> form, String name) {
        return date(form.getFirst(name));
    }

    public static LocalDate date(String value) {
        try {
            return Params.date(value);
        } catch (Params.BadValueException e) {
            return null;
        }
    }

    /** A month as {@code <input type="month">} sends it (yyyy-MM); null when blank or not a month. */
    public static YearMonth month(MultivaluedMap<String, String> form, String name) {
        try {
            return Params.month(form.getFirst(name));
        } catch (Params.BadValueException e) {
            return null;
        }
    }

    public static List<Long> ids(MultivaluedMap<String, String> form, String name) {
        List<String> values = form.get(name);
        if (values == null) {
            return List.of();
        }
        // A tampered checkbox value is skipped rather than failing the whole form.
        return values.stream().map(Forms::id).filter(java.util.Objects::nonNull).toList();
    }

    /** One entry per non-blank line: how the services of a counter are typed in a textarea. */
    public static List<String> lines(MultivaluedMap<String, String> form, String name) {
        String v = form.getFirst(name);
        if (v == null) {
            return List.of();
        }
        return v.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
