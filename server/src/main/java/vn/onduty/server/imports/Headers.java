package vn.onduty.server.imports;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading what people type in spreadsheets: headers and words compared without case, marks or extra spaces. */
public final class Headers {

    private Headers() {}

    /** Lower case, without Vietnamese marks, single spaces: "Đã phục vụ" is "da phuc vu". */
    public static String fold(String s) {
        String n = Normalizer.normalize(s.strip().toLowerCase(Locale.ROOT).replace('đ', 'd'), Normalizer.Form.NFD);
        return n.replaceAll("\\p{M}", "").replaceAll("\\s+", " ");
    }

    /**
     * Which column of a header each field is in, guessed from the names the field goes by (folded): each field takes
     * the first column named so that no earlier field took. Fields with no such column are left out.
     */
    public static <F> Map<F, String> guess(List<String> header, Map<F, List<String>> names) {
        Map<F, String> columns = new LinkedHashMap<>();
        names.forEach((field, known) -> {
            for (String h : header) {
                if (!h.isBlank() && known.contains(fold(h)) && !columns.containsValue(h)) {
                    columns.put(field, h);
                    break;
                }
            }
        });
        return columns;
    }
}
