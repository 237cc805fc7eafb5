package vn.onduty.server.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The small conventions every admin list shares: the active filter, the page number, the "saved" banner. */
public final class ListFilters {

    /** Vietnam has one zone; the others cover a center run from a neighbouring country's server. */
    public static final List<String> ZONES = List.of("Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Vientiane",
            "Asia/Phnom_Penh", "UTC");

    /** The banners a page may show after a redirect; each has a {@code done.*} text. */
    public static final Set<String> DONE = Set.of("created", "saved", "deactivated", "reactivated", "password",
            "unlockedSignIn");

    private ListFilters() {}

    /** "true" (default) shows active records, "false" inactive ones, "all" both. */
    public static Boolean active(String value) {
        if ("all".equals(value)) {
            return null;
        }
        return !"false".equals(value);
    }

    public static int page(Integer page) {
        return page == null || page < 1 ? 1 : page;
    }

    public static void done(Map<String, Object> data, String done) {
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
    }
}
