package vn.onduty.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems of a ticket file in the page's language. The import states them in English, as the tickets API
 * does ("row 3: rating: '7' is not 1 to 5 stars"), and keeps them so in the upload's report; the pages show
 * the field by its label ("Đánh giá") and the problem from the bundles. A text not known here is shown as it is.
 */
public final class ImportTexts {

    private static final Pattern ROW = Pattern.compile("^row (\\d+): (.*)$", Pattern.DOTALL);
    /** "field: problem" as the import says it, or "field problem" as InvalidInputException.field does. */
    private static final Pattern FIELD = Pattern.compile("^(\\w+):? (.*)$", Pattern.DOTALL);

    /** Problem text (after "field: ") to the key that says it; the groups are the key's arguments. */
    public static final Map<Pattern, String> PROBLEMS = new LinkedHashMap<>();

    static {
        problem("is empty", "imports.problem.empty");
        problem("at most (\\d+) characters", "imports.problem.tooLong");
        problem("'(.*)' is not a date such as .*", "imports.problem.notDate");
        problem("'(.*)' is not a counter number", "imports.problem.notCounter");
        problem("'(.*)' is a time of day only; map the service date column too", "imports.problem.timeOnly");
        problem("'(.*)' is not a time such as .*", "imports.problem.notTime");
        problem("'(.*)' is not served, no-show or transferred.*", "imports.problem.notOutcome");
        problem("'(.*)' is not 1 to (\\d+) stars", "imports.problem.notStars");
        problem("'(.*)' is not 1 to 3 \\(or .*\\)", "imports.problem.notLevel");
        problem("the site has no counter (.*)", "imports.problem.noCounter");
        problem("no officer has the staff code (.*)", "imports.problem.noOfficer");
        problem("is required for a ticket not stored yet", "imports.problem.required");
        problem("\\S+ is on (\\S+) in the site's zone, not on the service day (\\S+)", "imports.problem.otherDay");
        problem("must not be before issuedAt", "imports.problem.beforeIssued");
        problem("must not be before the service started.*", "imports.problem.beforeStart");
        problem("must be 1 to (\\d+) on the \\w+ scale, not (-?\\d+)", "imports.problem.ratingRange");
        problem("is required with a rating.*", "imports.problem.scaleRequired");
        problem("is required with a ratingScale", "imports.problem.ratingRequired");
        problem("choose the column that holds it", "imports.problem.unmapped");
        problem("the file has no column '(.*)'", "imports.problem.noColumn");
        problem("the file has (\\d+) rows with problems.*", "imports.problem.skipBad");
        problem("choose the site whose queue the file is from", "imports.problem.site");
        problem("choose the queue system, or name a new one", "imports.problem.source");
        problem("choose a CSV or XLSX file", "imports.problem.file");
        problem("at most 20 MB", "imports.problem.fileTooBig");
        problem("has no header row.*", "imports.problem.noHeader");
        problem("has no rows", "imports.problem.noRows");
        problem("is an old Excel \\.xls file.*", "imports.problem.xls");
        problem("could not be read as an XLSX workbook.*", "imports.problem.notXlsx");
        problem("must be STARS5 or LEVELS3", "imports.problem.scale");
        problem("choose the columns the file lacks first", "orgImport.problem.mappingFirst");
    }

    /** The labels of the fields a problem names; a field not listed keeps its name. */
    public static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("number", "imports.field.number"), Map.entry("serviceDate", "imports.field.serviceDate"),
            Map.entry("service", "imports.field.service"), Map.entry("counterNumber", "imports.field.counterNumber"),
            Map.entry("officerCode", "imports.field.officerCode"), Map.entry("issuedAt", "imports.field.issuedAt"),
            Map.entry("calledAt", "imports.field.calledAt"), Map.entry("startedAt", "imports.field.startedAt"),
            Map.entry("endedAt", "imports.field.endedAt"), Map.entry("outcome", "imports.field.outcome"),
            Map.entry("rating", "imports.field.rating"), Map.entry("ratingScale", "imports.ratingScale"),
            Map.entry("siteId", "field.site"), Map.entry("source", "imports.source"), Map.entry("file", "imports.file"),
            Map.entry("skipBad", "imports.check"), Map.entry("mapping", "imports.mapping"));

    /** Fields whose problem says it all: the choice it names is on the page beside it. */
    private static final Set<String> UNLABELLED = Set.of("skipBad");

    private ImportTexts() {}

    private static void problem(String regex, String key) {
        PROBLEMS.put(Pattern.compile("^" + regex + "$", Pattern.DOTALL), key);
    }

    /** One problem of a row, without its "row N: " (the report shows the row beside it): "Đánh giá: ‘7’ …". */
    public static String rowProblem(String text, Messages t) {
        Matcher row = ROW.matcher(text);
        return problem(row.matches() ? row.group(2) : text, t);
    }

    /** A problem "field: text" (of the mapping, the upload or the import), with the field's label. */
    public static String problem(String text, Messages t) {
        Matcher f = FIELD.matcher(text);
        if (!f.matches() || !FIELDS.containsKey(f.group(1))) {
            return text;
        }
        String rest = f.group(2);
        for (Map.Entry<Pattern, String> p : PROBLEMS.entrySet()) {
            Matcher m = p.getKey().matcher(rest);
            if (m.matches()) {
                Object[] args = new Object[m.groupCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = m.group(i + 1);
                }
                String said = t.get(p.getValue(), args);
                return UNLABELLED.contains(f.group(1)) ? said : t.get(FIELDS.get(f.group(1))) + ": " + said;
            }
        }
        return t.get(FIELDS.get(f.group(1))) + ": " + rest;
    }
}
