package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A date, month, id or boolean that does not read is answered the same way by every page and API resource: 400,
 * naming the parameter and the format it must have; as the JSON error body for the API, as the error page in the
 * reader's language for a browser. Blank is "not given" and keeps the page's default.
 */
class BadParametersIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(BadParametersIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api api;
    static Api pages;
    static long site;
    static long counter;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        api = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        pages = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", "admin-password-1"));
        site = aSite().createdBy(api);
        counter = aCounter(site).createdBy(api);
    }

    /** One request per resource class that reads dates, months, ids or booleans from its parameters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/attendance/daily?siteId=SITE&date=26-11-2026                  | query | date      | a date as yyyy-MM-dd   | 26-11-2026
            /api/attendance/monthly?staffId=1&month=2026-13                    | query | month     | a month as yyyy-MM     | 2026-13
            /api/quality/kpis?siteId=SITE&from=2026-11-01&to=mai               | query | to        | a date as yyyy-MM-dd   | mai
            /api/occupancy/coverage?siteId=SITE&date=2026-02-30                | query | date      | a date as yyyy-MM-dd   | 2026-02-30
            /api/occupancy/intervals?counterId=COUNTER&from=yesterday&to=2026-11-26 | query | from | an instant such as 2026-11-26T00:00:00Z or a date | yesterday
            /api/roster?siteId=abc&date=2027-03-01                             | query | siteId    | a whole number         | abc
            /api/roster/range?siteId=SITE&from=0001-03-01&to=2027-03-07        | query | from      | a date as yyyy-MM-dd from 1900 to 2199 | 0001-03-01
            /api/timesheets/2026-13?siteId=SITE                                | path  | month     | a month as yyyy-MM     | 2026-13
            /api/punches?from=2026-11-01&to=2026/11/30                         | query | to        | a date as yyyy-MM-dd   | 2026/11/30
            /api/leave/calendar/06-2027?siteId=SITE                            | path  | month     | a month as yyyy-MM     | 06-2027
            /api/leave/requests?from=hôm nay                                   | query | from      | a date as yyyy-MM-dd   | hôm nay
            /api/sites/SITE/calendar/days?from=2026-02-01&to=cuối tháng        | query | to        | a date as yyyy-MM-dd   | cuối tháng
            /api/sites?active=yes                                              | query | active    | true or false          | yes
            /api/staff?page=two                                                | query | page      | a whole number         | two
            """)
    void theApiAnswers400NamingTheParameterAndItsFormat(String path, String where, String name, String format,
                                                        String value) {
        Reply r = api.get(fill(path));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = r.json();
        String detail = name + " must be " + format;
        assertThat(body.get("code").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).startsWith("Bad " + where + " parameter: " + detail)
                .endsWith(", not '" + value + "'");
        assertThat(body.get("details")).hasSize(1);
        assertThat(body.get("details").get(0).asText()).startsWith(detail).endsWith(", not '" + value + "'");
        assertThat(body.has("pageText")).as("the page text is for pages, never sent").isFalse();
    }

    @Test
    void theJsonBodyIsTheOneErrorBody() {
        Reply r = api.get("/api/attendance/monthly?staffId=1&month=2026-13");
        assertThat(r.body()).isEqualTo("{\"code\":400,\"message\":\"Bad query parameter: month must be a month as yyyy-MM"
                + " from 1900 to 2199, such as 2026-11, not '2026-13'\",\"details\":[\"month must be a month as yyyy-MM"
                + " from 1900 to 2199, such as 2026-11, not '2026-13'\"]}");
    }

    /** One request per page class that reads dates, months or ids from its parameters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /today?siteId=abc                                 | siteId       | phải là một số nguyên                | abc
            /attendance/lateness?siteId=SITE&month=2026-13    | month        | phải là một tháng dạng yyyy-MM       | 2026-13
            /me/month?month=tháng 11                          | month        | phải là một tháng dạng yyyy-MM       | tháng 11
            /me/corrections/new?date=hôm qua                  | date         | phải là một ngày dạng yyyy-MM-dd     | hôm qua
            /quality?siteId=SITE&date=26/11/2026              | date         | phải là một ngày dạng yyyy-MM-dd     | 26/11/2026
            /quality/counter?counterId=COUNTER&date=2026-11-31 | date        | phải là một ngày dạng yyyy-MM-dd     | 2026-11-31
            /occupancy/coverage?siteId=SITE&date=mai          | date         | phải là một ngày dạng yyyy-MM-dd     | mai
            /occupancy/timeline?counterId=quầy 1              | counterId    | phải là một số nguyên                | quầy 1
            /roster?siteId=SITE&week=tuần sau                 | week         | phải là một ngày dạng yyyy-MM-dd     | tuần sau
            /roster/cell?counterId=COUNTER&date=2027-3-1&part=MORNING | date | phải là một ngày dạng yyyy-MM-dd     | 2027-3-1
            /timesheets?siteId=SITE&month=11/2026             | month        | phải là một tháng dạng yyyy-MM       | 11/2026
            /me/punches?month=2026-00                         | month        | phải là một tháng dạng yyyy-MM       | 2026-00
            /leave/calendar?month=2031-6                      | month        | phải là một tháng dạng yyyy-MM       | 2031-6
            /admin/sites/SITE/calendar?month=2300-01          | month        | phải là một tháng dạng yyyy-MM       | 2300-01
            /admin/counters?siteId=cơ sở 1                    | siteId       | phải là một số nguyên                | cơ sở 1
            /admin/cameras?siteId=x                           | siteId       | phải là một số nguyên                | x
            /admin/agents?siteId=1.5                          | siteId       | phải là một số nguyên                | 1.5
            /staff?departmentId=tư pháp                       | departmentId | phải là một số nguyên                | tư pháp
            /admin/staff?siteId=-                             | siteId       | phải là một số nguyên                | -
            /admin/accounts/staff-options?staffId=CB0001      | staffId      | phải là một số nguyên                | CB0001
            """)
    void pagesAnswerWithTheErrorPageInTheReadersLanguage(String path, String name, String rule, String value) {
        Reply r = pages.get(fill(path));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<h1>Yêu cầu không hợp lệ</h1>")
                .contains("Tham số ‘" + escaped(name) + "’ " + rule)
                .contains("‘" + escaped(value) + "’ không đúng.");
    }

    @Test
    void anEnglishReaderIsToldInEnglish() {
        Reply r = pages.withHeader("Cookie", pagesCookie() + "; ONDUTY_LANG=en").get("/timesheets?month=2026-13");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The parameter ‘month’ must be a month as yyyy-MM from 1900 to 2199, such as"
                + " 2026-11, not ‘2026-13’.");
    }

    @Test
    void aBlankParameterKeepsThePagesDefault() {
        for (String path : List.of("/timesheets?month=&siteId=", "/admin/counters?siteId=", "/quality?date=",
                "/roster?week=", "/me/month?month=", "/api/sites?active=")) {
            Reply r = path.startsWith("/api") ? api.get(path) : pages.get(path);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
        }
    }

    /** The path with the fixtures' ids in, its query values encoded as a browser sends them. */
    private static String fill(String path) {
        String p = path.replace("SITE", String.valueOf(site)).replace("COUNTER", String.valueOf(counter));
        int q = p.indexOf('?');
        if (q < 0) {
            return p;
        }
        StringBuilder out = new StringBuilder(p.substring(0, q + 1));
        for (String pair : p.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            out.append(out.charAt(out.length() - 1) == '?' ? "" : "&").append(pair, 0, eq + 1)
                    .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** FreeMarker writes a page's text HTML-escaped. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String pagesCookie() {
        return "ONDUTY_SESSION=" + Browser.session(APP, "quantri", "admin-password-1");
    }
}
