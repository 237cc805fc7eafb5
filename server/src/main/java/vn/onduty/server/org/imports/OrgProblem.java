package vn.onduty.server.org.imports;

import java.util.List;

/**
 * One problem of an organisation file: the table (sheet) and spreadsheet row it is in, the column as the file heads it
 * (null when it is about the whole row), and what is wrong: a message key with its arguments, shown in the page's
 * language, or (key null) a rule the services state in English, shown translated where OnDuty knows it.
 */
public record OrgProblem(String table, int row, String column, String key, List<String> args, String text) {

    static OrgProblem of(String table, int row, String column, String key, String... args) {
        return new OrgProblem(table, row, column, key, List.of(args), null);
    }

    static OrgProblem said(String table, int row, String column, String text) {
        return new OrgProblem(table, row, column, null, List.of(), text);
    }
}
