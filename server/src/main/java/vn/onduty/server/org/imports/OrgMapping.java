package vn.onduty.server.org.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.imports.Headers;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.web.Messages;

/**
 * For each table of an organisation file, the kind of record it holds (null: not imported) and which of its columns
 * holds which field. Guessed when the file is uploaded, from the sheet's name and its headers in Vietnamese or
 * English (the template's are found at once), and changed by the admin on the import's page.
 */
record OrgMapping(Map<String, Table> tables) {

    /** One table's mapping: its kind, and field to column header. */
    record Table(OrgSheet kind, Map<String, String> columns) {}

    /** A mapping problem: the table, the field (null for the table as a whole) and what is wrong. */
    public record Problem(String table, String field, String key, String column) {}

    static OrgMapping guess(List<SheetFile.Table> tables, List<Messages> languages) {
        Map<String, Table> out = new LinkedHashMap<>();
        for (SheetFile.Table t : tables) {
            OrgSheet kind = kindNamed(t.name(), languages);
            if (kind == null) {
                kind = kindByHeader(t.header(), languages);
            }
            out.put(t.name(), new Table(kind, kind == null ? Map.of() : columns(kind, t.header(), languages)));
        }
        return new OrgMapping(out);
    }

    /** The kind whose name (in either language, or its code) the table has. */
    private static OrgSheet kindNamed(String name, List<Messages> languages) {
        String folded = Headers.fold(name);
        for (OrgSheet kind : OrgSheet.values()) {
            if (folded.equals(Headers.fold(kind.name()))
                    || languages.stream().anyMatch(t -> folded.equals(Headers.fold(t.get(kind.labelKey()))))) {
                return kind;
            }
        }
        return null;
    }

    /** The kind whose required columns the header has, with the most columns found; null when none fits. */
    private static OrgSheet kindByHeader(List<String> header, List<Messages> languages) {
        OrgSheet best = null;
        int found = 0;
        for (OrgSheet kind : OrgSheet.values()) {
            Map<String, String> columns = columns(kind, header, languages);
            boolean complete = kind.columns().stream().filter(OrgSheet.Column::required)
                    .allMatch(c -> columns.containsKey(c.field()));
            if (complete && columns.size() > found) {
                best = kind;
                found = columns.size();
            }
        }
        return best;
    }

    /** Field to column, guessed from the columns' labels in each language and the fields' own names. */
    static Map<String, String> columns(OrgSheet kind, List<String> header, List<Messages> languages) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (OrgSheet.Column c : kind.columns()) {
            List<String> known = new ArrayList<>();
            known.add(Headers.fold(c.field()));
            languages.forEach(t -> known.add(Headers.fold(t.get(kind.labelKey(c)))));
            names.put(c.field(), known);
        }
        return Headers.guess(header, names);
    }

    /** What keeps the file from being checked: a required field without a column, a column the table lacks. */
    List<Problem> problems(List<SheetFile.Table> file) {
        List<Problem> out = new ArrayList<>();
        for (SheetFile.Table t : file) {
            Table m = tables.get(t.name());
            if (m == null || m.kind() == null) {
                continue;
            }
            for (OrgSheet.Column c : m.kind().columns()) {
                String column = m.columns().get(c.field());
                if (column == null && c.required()) {
                    out.add(new Problem(t.name(), c.field(), "orgImport.mapping.unmapped", null));
                } else if (column != null && !t.header().contains(column)) {
                    out.add(new Problem(t.name(), c.field(), "orgImport.mapping.noColumn", column));
                }
            }
        }
        if (tables.values().stream().allMatch(m -> m.kind() == null)) {
            out.add(new Problem(null, null, "orgImport.mapping.nothing", null));
        }
        return out;
    }
}
