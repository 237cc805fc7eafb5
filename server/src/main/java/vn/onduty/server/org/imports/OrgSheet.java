package vn.onduty.server.org.imports;

import java.util.List;
import vn.onduty.server.org.account.AccountInput;
import vn.onduty.server.org.counter.CounterInput;
import vn.onduty.server.org.department.DepartmentInput;
import vn.onduty.server.org.site.SiteInput;
import vn.onduty.server.org.staff.StaffInput;

/**
 * The kinds of record an organisation file holds, one sheet each, in the order an import applies them (a counter
 * names its site and department, a staff member theirs, an account its staff member). Each column fills one field of
 * the input the API takes for that record ({@code StaffInput} for staff): a row is read into exactly what a client
 * would send, and checked by the same rules. A new field of a record is one more line in its list (and its label in
 * the message bundles, {@code orgImport.column.SHEET.field}).
 */
public enum OrgSheet {

    SITES(SiteInput.class, List.of(
            new Column("name", Cell.TEXT, true),
            new Column("address", Cell.TEXT, false),
            new Column("timeZone", Cell.ZONE, false))),

    DEPARTMENTS(DepartmentInput.class, List.of(
            new Column("code", Cell.TEXT, true),
            new Column("name", Cell.TEXT, true))),

    COUNTERS(CounterInput.class, List.of(
            new Column("siteId", Cell.SITE, true),
            new Column("number", Cell.NUMBER, true),
            new Column("name", Cell.TEXT, true),
            new Column("departmentId", Cell.DEPARTMENT, false),
            new Column("services", Cell.LIST, false))),

    STAFF(StaffInput.class, List.of(
            new Column("code", Cell.TEXT, true),
            new Column("fullName", Cell.TEXT, true),
            new Column("departmentId", Cell.DEPARTMENT, true),
            new Column("homeSiteId", Cell.SITE, true),
            new Column("position", Cell.TEXT, false),
            new Column("serviceStartDate", Cell.DATE, false),
            new Column("endOfServiceDate", Cell.DATE, false),
            new Column("staffCategory", Cell.STAFF_CATEGORY, false),
            new Column("grade", Cell.TEXT, false),
            new Column("gradeCode", Cell.TEXT, false),
            new Column("regionalAllowance", Cell.DECIMAL, false),
            new Column("email", Cell.TEXT, false),
            new Column("phone", Cell.TEXT, false))),

    ACCOUNTS(AccountInput.class, List.of(
            new Column("username", Cell.TEXT, true),
            new Column("roles", Cell.ROLES, true),
            new Column("staffId", Cell.STAFF, false),
            new Column("scopeSiteIds", Cell.SITES, false),
            new Column("scopeDepartmentIds", Cell.DEPARTMENTS, false),
            new Column("language", Cell.LANGUAGE, false)));

    /** How a cell's text reads: as it is, or as the id of the record it names. */
    public enum Cell {
        TEXT,
        /** A whole number. */
        NUMBER,
        /** A decimal number, with a point or a comma: 0.7 or 0,7. */
        DECIMAL,
        /** 2019-03-01, 1/3/2019 or a date cell. */
        DATE,
        /** Several entries, one per line or separated by ';'. */
        LIST,
        /** A time zone such as Asia/Ho_Chi_Minh; empty is the site default. */
        ZONE,
        /** A site by its name. */
        SITE,
        /** Sites by name, one per line or separated by ';'. */
        SITES,
        /** A department by its code. */
        DEPARTMENT,
        /** Departments by code, one per line or separated by ';'. */
        DEPARTMENTS,
        /** A staff member by their code. */
        STAFF,
        /** Roles in English or Vietnamese words: Cán bộ, Lãnh đạo, Quản trị. */
        ROLES,
        /** vi or en, Tiếng Việt or English. */
        LANGUAGE,
        /** Cán bộ, Công chức, Viên chức or Hợp đồng lao động (or the English words); empty is Công chức. */
        STAFF_CATEGORY
    }

    /** A column of a sheet: the input field it fills and how its cells read. */
    public record Column(String field, Cell cell, boolean required) {}

    private final Class<?> input;
    private final List<Column> columns;

    OrgSheet(Class<?> input, List<Column> columns) {
        this.input = input;
        this.columns = columns;
    }

    public Class<?> input() {
        return input;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The sheet's name in the page's language (and in the template, in Vietnamese). */
    public String labelKey() {
        return "orgImport.sheet." + name();
    }

    public String labelKey(Column c) {
        return "orgImport.column." + name() + "." + c.field();
    }

    /** The field that identifies a record of this sheet (with the site, for a counter). */
    public String keyField() {
        return switch (this) {
            case SITES -> "name";
            case DEPARTMENTS, STAFF -> "code";
            case COUNTERS -> "number";
            case ACCOUNTS -> "username";
        };
    }

    public Column column(String field) {
        return columns.stream().filter(c -> c.field().equals(field)).findFirst().orElse(null);
    }
}
