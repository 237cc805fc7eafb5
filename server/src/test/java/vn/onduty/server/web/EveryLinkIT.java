package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Every link of every page, followed as each demo role from the home page, answers 200: the menus, the footer, the
 * links inside tables, the fragments pages load with htmx, the stylesheets and scripts. A link a role is shown is a
 * link that role may open. (The footer's "Tài liệu API" answered 404 for everyone until this test existed.)
 */
class EveryLinkIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(EveryLinkIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    /** href, src and hx-get: whatever a browser fetches or goes to from the page. */
    private static final Pattern LINK = Pattern.compile("\\s(?:href|src|hx-get)=\"([^\"]*)\"");
    /** Links of one shape (the same path with other ids, dates or months) are followed this many times. */
    private static final int PER_SHAPE = 3;
    private static final int MAX_PAGES = 1_500;

    @ParameterizedTest
    @ValueSource(strings = {"officer", "supervisor", "admin"})
    void everyLinkAnswers200(String role) {
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, role, "onduty-demo"));
        Map<String, String> foundOn = new HashMap<>();
        Map<String, Integer> shapes = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of("/"));
        Set<String> seen = new LinkedHashSet<>(queue);
        List<String> broken = new ArrayList<>();
        int pages = 0;
        while (!queue.isEmpty() && pages < MAX_PAGES) {
            String url = queue.poll();
            Reply reply = follow(browser, url);
            pages++;
            if (reply.status() != 200) {
                broken.add(url + " (linked from " + foundOn.getOrDefault(url, "the start") + ") -> " + reply.status());
                continue;
            }
            if (!reply.header("Content-Type").orElse("").startsWith("text/html")) {
                continue;
            }
            for (String link : links(url, reply.body())) {
                if (seen.add(link) && shapes.merge(shape(link), 1, Integer::sum) <= PER_SHAPE) {
                    foundOn.put(link, url);
                    queue.add(link);
                }
            }
        }
        assertThat(pages).as("pages visited as " + role).isGreaterThan(role.equals("officer") ? 10 : 40);
        assertThat(queue).as("links left unvisited after " + MAX_PAGES + " pages").isEmpty();
        assertThat(broken).as("links that do not answer 200 as " + role).isEmpty();
    }

    /** Redirects within the site are followed, as a browser does; the last answer counts. */
    private static Reply follow(Api browser, String url) {
        Reply reply = browser.get(url);
        for (int hops = 0; hops < 3 && reply.status() / 100 == 3; hops++) {
            URI next = URI.create(url).resolve(reply.header("Location").orElseThrow());
            reply = browser.get(next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
        }
        return reply;
    }

    /** The page's links to this site, as path and query; anchors, scripts and other sites left out. */
    static List<String> links(String pageUrl, String html) {
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        URI base = URI.create("http://onduty.test" + pageUrl);
        while (m.find()) {
            String raw = m.group(1).replace("&amp;", "&").strip();
            if (raw.isEmpty() || raw.startsWith("#") || raw.startsWith("javascript:") || raw.startsWith("mailto:")
                    || raw.startsWith("data:") || raw.contains("${")) {
                continue;
            }
            URI link = base.resolve(raw.replace(" ", "%20"));
            if (!"onduty.test".equals(link.getHost())) {
                continue;
            }
            out.add(link.getRawPath() + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery()));
        }
        return out;
    }

    /** "/admin/staff/12?done=saved" and "/admin/staff/40?done=created" are one shape: digits and values blanked. */
    static String shape(String link) {
        int q = link.indexOf('?');
        String path = (q < 0 ? link : link.substring(0, q)).replaceAll("\\d+", "N");
        String query = q < 0 ? "" : link.substring(q + 1).replaceAll("=[^&]*", "=");
        return path + "?" + query;
    }
}
