package vn.onduty.server.org.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.DateTimeException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Handle;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.imports.Headers;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.imports.Upsert;
import vn.onduty.server.org.account.Account;
import vn.onduty.server.org.account.AccountInput;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.org.counter.CounterInput;
import vn.onduty.server.org.counter.CounterService;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentInput;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteInput;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffInput;
import vn.onduty.server.org.staff.StaffService;

/**
 * Applies an organisation file, row by row, on the caller's transaction: sites, then departments, counters, staff and
 * accounts, each row read into the input the API takes, checked by its rules and given to the record's own service,
 * which creates, changes or leaves it. A row that fails is rolled back to just before it (a savepoint) and reported by
 * table, row and column, so the rows after it (a staff member of a department whose row failed) are checked against
 * what the import would really leave. The check runs this and rolls everything back; the import runs it and commits.
 */
final class OrgApply {

    /** Strict: 31/02/2019 is refused, not read as 28 February. */
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT),
            DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT));
    private static final Map<String, String> ROLES = new HashMap<>();
    private static final Map<String, String> CATEGORIES = Map.of("can bo", "CADRE", "cadre", "CADRE",
            "cong chuc", "CIVIL_SERVANT", "civil servant", "CIVIL_SERVANT",
            "vien chuc", "PUBLIC_EMPLOYEE", "public employee", "PUBLIC_EMPLOYEE",
            "hop dong lao dong", "LABOUR_CONTRACT", "hop dong", "LABOUR_CONTRACT", "labour contract", "LABOUR_CONTRACT");
    private static final Map<String, String> LANGUAGES = Map.of("vi", "vi", "tieng viet", "vi", "vietnamese", "vi",
            "en", "en", "english", "en", "tieng anh", "en");
    /** Unique constraints of the organisation's tables, by the field whose value is taken. */
    private static final Map<String, String> TAKEN = Map.of("site_name_key", "name", "department_code_key", "code",
            "department_name_key", "name", "counter_site_number_key", "number", "staff_code_key", "code",
            "user_account_username_key", "username", "user_account_staff_key", "staffId");

    static {
        for (String w : List.of("officer", "can bo", "cong chuc", "vien chuc", "can bo cong chuc")) {
            ROLES.put(w, "OFFICER");
        }
        for (String w : List.of("supervisor", "lanh dao", "giam sat", "quan ly", "to truong")) {
            ROLES.put(w, "SUPERVISOR");
        }
        for (String w : List.of("admin", "administrator", "quan tri", "quan tri vien")) {
            ROLES.put(w, "ADMIN");
        }
    }

    /** What the whole file did: per table, the problems by row, and the accounts it created. */
    record Outcome(List<OrgImports.TableOutcome> tables, List<OrgProblem> problems, List<Long> createdAccounts) {

        int rows() {
            return tables.stream().mapToInt(OrgImports.TableOutcome::rows).sum();
        }

        int badRows() {
            return tables.stream().mapToInt(OrgImports.TableOutcome::bad).sum();
        }

        int changed() {
            return tables.stream().mapToInt(t -> t.created() + t.updated()).sum();
        }
    }

    private final SiteService sites;
    private final DepartmentService departments;
    private final CounterService counters;
    private final StaffService staff;
    private final AccountService accounts;
    private final Validator validator;
    private final ObjectMapper json;

    OrgApply(SiteService sites, DepartmentService departments, CounterService counters, StaffService staff,
             AccountService accounts, Validator validator, ObjectMapper json) {
        this.sites = sites;
        this.departments = departments;
        this.counters = counters;
        this.staff = staff;
        this.accounts = accounts;
        this.validator = validator;
        this.json = json;
    }

    /** The rows of a table that hold anything: blank rows are not records. */
    static int rowCount(SheetFile.Table t) {
        return (int) t.rows().stream().filter(r -> r.stream().anyMatch(c -> !c.isBlank())).count();
    }

    /** Applies every mapped table in the kinds' order; {@code progress} hears how many rows are done. */
    Outcome apply(Handle h, List<SheetFile.Table> file, OrgMapping mapping, Caller caller, IntConsumer progress) {
        List<OrgImports.TableOutcome> tables = new ArrayList<>();
        List<OrgProblem> problems = new ArrayList<>();
        List<Long> createdAccounts = new ArrayList<>();
        int done = 0;
        for (OrgSheet kind : OrgSheet.values()) {
            for (SheetFile.Table table : file) {
                OrgMapping.Table m = mapping.tables().get(table.name());
                if (m == null || m.kind() != kind) {
                    continue;
                }
                int[] counts = new int[4];
                int rows = 0;
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < table.rows().size(); i++) {
                    List<String> row = table.rows().get(i);
                    if (row.stream().allMatch(String::isBlank)) {
                        continue;
                    }
                    rows++;
                    int rowNumber = table.rowNumber(i);
                    Row r = new Row(h, kind, table, m.columns(), row, rowNumber);
                    h.savepoint("org_import_row");
                    Upsert<?> done1;
                    try {
                        done1 = r.apply(caller, seen);
                    } catch (RuntimeException e) {
                        done1 = null;
                        r.failed(e);
                    }
                    if (done1 == null) {
                        h.rollbackToSavepoint("org_import_row");
                        counts[3]++;
                        problems.addAll(r.problems);
                    } else {
                        h.release("org_import_row");
                        counts[done1.outcome().ordinal()]++;
                        if (kind == OrgSheet.ACCOUNTS && done1.outcome() == Upsert.Outcome.CREATED) {
                            createdAccounts.add(((Account) done1.record()).id());
                        }
                    }
                    done++;
                    if (done % 50 == 0) {
                        progress.accept(done);
                    }
                }
                if (rows > 0) {
                    // A sheet left empty (the template's sheets a center does not need) is not part of the outcome.
                    tables.add(new OrgImports.TableOutcome(table.name(), kind, rows, counts[0], counts[1], counts[2],
                            counts[3]));
                }
            }
        }
        progress.accept(done);
        return new Outcome(tables, problems, createdAccounts);
    }

    /** One row being read and applied, with the problems found on the way. */
    private final class Row {
        final Handle h;
        final OrgSheet kind;
        final SheetFile.Table table;
        final Map<String, String> columns;
        final List<String> cells;
        final int number;
        final List<OrgProblem> problems = new ArrayList<>();

        Row(Handle h, OrgSheet kind, SheetFile.Table table, Map<String, String> columns, List<String> cells, int number) {
            this.h = h;
            this.kind = kind;
            this.table = table;
            this.columns = columns;
            this.cells = cells;
            this.number = number;
        }

        /** The record created, changed or left; null when the row has problems. */
        Upsert<?> apply(Caller caller, Map<String, Integer> seen) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (OrgSheet.Column c : kind.columns()) {
                if (columns.containsKey(c.field())) {
                    values.put(c.field(), read(c));
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            String key = identity(values);
            Integer earlier = seen.putIfAbsent(key, number);
            if (earlier != null) {
                problem(kind.keyField(), "orgImport.problem.duplicate", text(kind.keyField()), String.valueOf(earlier));
                return null;
            }
            Map<String, Object> input = new LinkedHashMap<>(stored(values));
            input.putAll(values);
            Object in = json.convertValue(input, kind.input());
            for (ConstraintViolation<Object> v : validator.validate(in)) {
                String path = v.getPropertyPath().toString();
                String field = path.replaceAll("[.\\[].*", "");
                Object max = v.getConstraintDescriptor().getAttributes().getOrDefault("max",
                        v.getConstraintDescriptor().getAttributes().get("value"));
                String annotation = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
                problems.add(new OrgProblem(table.name(), number, header(field), "validation." + annotation,
                        List.of(max == null ? "" : String.valueOf(max)), v.getMessage()));
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return switch (kind) {
                case SITES -> sites.upsert(h, (SiteInput) in, caller);
                case DEPARTMENTS -> departments.upsert(h, (DepartmentInput) in, caller);
                case COUNTERS -> counters.upsert(h, (CounterInput) in, caller);
                case STAFF -> staff.upsert(h, (StaffInput) in, caller);
                case ACCOUNTS -> accounts.upsert(h, (AccountInput) in, caller);
            };
        }

        /** What a service refused, by the column it is about; a server fault is thrown on. */
        void failed(RuntimeException e) {
            ExceptionMappers.KnownFailure k = ExceptionMappers.known(e).orElseThrow(() -> e);
            if (k.constraint() != null && TAKEN.containsKey(k.constraint())) {
                String field = TAKEN.get(k.constraint());
                problem(field, "orgImport.problem.taken", text(field));
            } else if (!k.details().isEmpty()) {
                for (String d : k.details()) {
                    String field = d.contains(" ") ? d.substring(0, d.indexOf(' ')) : d;
                    problems.add(OrgProblem.said(table.name(), number, header(field), d));
                }
            } else {
                problems.add(OrgProblem.said(table.name(), number, null, k.message()));
            }
        }

        /** The stored record's fields (those the input has), for the columns the file does not map. */
        private Map<String, Object> stored(Map<String, Object> values) {
            Optional<?> found = switch (kind) {
                case SITES -> sites.findNamed(h, (String) values.get("name"));
                case DEPARTMENTS -> departments.findCoded(h, (String) values.get("code"));
                case COUNTERS -> counters.findNumbered(h, (Long) values.get("siteId"), (Integer) values.get("number"));
                case STAFF -> staff.findCoded(h, (String) values.get("code"));
                case ACCOUNTS -> accounts.findNamed(h, (String) values.get("username"));
            };
            if (found.isEmpty()) {
                return Map.of();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = json.convertValue(found.get(), Map.class);
            List<String> fields = Arrays.stream(kind.input().getRecordComponents()).map(c -> c.getName()).toList();
            record.keySet().retainAll(fields);
            return record;
        }

        /** What identifies the row's record, to find the same one twice in a file. */
        private String identity(Map<String, Object> values) {
            Object k = values.get(kind.keyField());
            String key = k == null ? "" : Headers.fold(String.valueOf(k));
            return kind == OrgSheet.COUNTERS ? values.get("siteId") + "/" + key : key;
        }

        private Object read(OrgSheet.Column c) {
            String v = text(c.field());
            if (v == null) {
                if (c.required()) {
                    problem(c.field(), "orgImport.problem.empty");
                }
                return switch (c.cell()) {
                    case LIST, SITES, DEPARTMENTS -> List.of();
                    default -> null;
                };
            }
            return switch (c.cell()) {
                case TEXT -> v;
                case NUMBER -> v.matches("\\d{1,9}") ? Integer.valueOf(v) : problem(c.field(), "orgImport.problem.notNumber", v);
                case DECIMAL -> v.matches("\\d{1,3}([.,]\\d{1,4})?") ? new BigDecimal(v.replace(',', '.'))
                        : problem(c.field(), "orgImport.problem.notDecimal", v);
                case DATE -> date(c.field(), v);
                case LIST -> list(v);
                case ZONE -> zone(c.field(), v);
                case SITE -> site(c.field(), v);
                case SITES -> list(v).stream().map(s -> site(c.field(), s)).toList();
                case DEPARTMENT -> department(c.field(), v);
                case DEPARTMENTS -> list(v).stream().map(d -> department(c.field(), d)).toList();
                case STAFF -> staff.findCoded(h, v).map(Staff::id)
                        .orElseGet(() -> problem(c.field(), "orgImport.problem.noStaff", v));
                case ROLES -> list(v).stream().map(r -> {
                    String role = ROLES.get(Headers.fold(r));
                    return role != null ? role : problem(c.field(), "orgImport.problem.notRole", r);
                }).toList();
                case STAFF_CATEGORY -> {
                    String category = CATEGORIES.get(Headers.fold(v).replace('_', ' '));
                    yield category != null ? category : problem(c.field(), "orgImport.problem.notCategory", v);
                }
                case LANGUAGE -> {
                    String language = LANGUAGES.get(Headers.fold(v));
                    yield language != null ? language : problem(c.field(), "orgImport.problem.notLanguage", v);
                }
            };
        }

        private Long site(String field, String name) {
            return sites.findNamed(h, name).map(Site::id)
                    .orElseGet(() -> problem(field, "orgImport.problem.noSite", name));
        }

        private Long department(String field, String code) {
            return departments.findCoded(h, code).map(Department::id)
                    .orElseGet(() -> problem(field, "orgImport.problem.noDepartment", code));
        }

        private LocalDate date(String field, String v) {
            // A date cell reads as "2019-03-01 00:00:00".
            String d = v.length() == 19 && v.endsWith(" 00:00:00") ? v.substring(0, 10) : v;
            for (DateTimeFormatter f : DATES) {
                try {
                    return LocalDate.parse(d, f);
                } catch (DateTimeParseException ignored) {
                    // Try the next way of writing it.
                }
            }
            return problem(field, "orgImport.problem.notDate", v);
        }

        private String zone(String field, String v) {
            try {
                return ZoneId.of(v).getId();
            } catch (DateTimeException e) {
                return problem(field, "orgImport.problem.notZone", v);
            }
        }

        private List<String> list(String v) {
            return Arrays.stream(v.split("[;\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        /** The cell of a field, stripped; null when blank or not mapped. */
        private String text(String field) {
            String column = columns.get(field);
            int i = column == null ? -1 : table.header().indexOf(column);
            if (i < 0 || i >= cells.size() || cells.get(i) == null || cells.get(i).isBlank()) {
                return null;
            }
            return cells.get(i).strip();
        }

        /** The column a field is in, as the file heads it; null when the file has none for it. */
        private String header(String field) {
            return columns.get(field);
        }

        /** Records a problem of a field's cell; returns null, the value the cell then has. */
        private <T> T problem(String field, String key, String... args) {
            problems.add(OrgProblem.of(table.name(), number, header(field), key, args));
            return null;
        }
    }
}
