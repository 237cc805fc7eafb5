package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.StreamingReplica;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;

/**
 * The month reports read from a real PostgreSQL streaming replica ({@code database.readUrl}): a primary of the test's
 * own, a hot standby made from a base copy of it streaming its WAL, and the server pointed at both. What is written on
 * the primary reaches the timesheet through the replica once replayed; while the replica lags, the page shows the old
 * figures and says by how many seconds; and with the replica stopped, the report is read from the primary, not a 500.
 */
class ReadReplicaIT {

    static final Path FILES = temporaryDirectory();
    static final EmbeddedPostgresServer PRIMARY = EmbeddedPostgresServer.start(FILES.resolve("primary"), 0, "onduty");
    static final TestDatabase DB = new TestDatabase("onduty", PRIMARY.jdbcUrl(), PRIMARY.user(), PRIMARY.password());
    static final StreamingReplica REPLICA = StreamingReplica.of(PRIMARY, FILES.resolve("primary"), FILES.resolve("replica"));

    /** Started and stopped here, not by an extension: the primary must outlive the server, and stop after it. */
    static final DropwizardTestSupport<OnDutyConfiguration> APP = TestApp.support(TestApp.CONFIG, Map.of(
            "database.url", DB.url(), "database.user", DB.user(), "database.password", DB.password(),
            "database.readUrl", REPLICA.jdbcUrl("onduty")));

    static Api admin;
    static Api page;
    static long site;
    static long officer;

    @BeforeAll
    static void arrange() throws Exception {
        APP.before();
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP.getLocalPort()).loggedInAs("quantri", "admin-password-1");
        page = Api.at(APP.getLocalPort()).withHeader("Accept", Browser.ACCEPT).as(admin.login("quantri", "admin-password-1"));
        site = aSite().with("timeZone", "Asia/Ho_Chi_Minh").createdBy(admin);
        long department = aDepartment().createdBy(admin);
        officer = aStaff(department, site).with("fullName", "Trần Thị Trước").createdBy(admin);
    }

    @AfterAll
    static void stop() {
        APP.after();
        REPLICA.close();
        PRIMARY.close();
        StreamingReplica.deleteFiles(FILES);
    }

    @Test
    void theTimesheetReadsTheReplicaSaysHowFarBehindItIsAndReadsThePrimaryWhenItIsGone() {
        String sheet = "/timesheets?siteId=" + site + "&month=" + YearMonth.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        // The first view brings the month's attendance up to date: it wrote, so it reads what it wrote on the primary.
        String first = html(sheet);
        assertThat(first).contains("Trần Thị Trước", "Số liệu đọc trực tiếp từ máy chủ cơ sở dữ liệu chính");

        assertThat(caughtUp(sheet)).as("nothing left to compute: read from the replica").contains("Trần Thị Trước");
        Reply api = admin.get("/api/timesheets/" + YearMonth.now(ZoneId.of("Asia/Ho_Chi_Minh")) + "?siteId=" + site);
        assertThat(api.header("X-OnDuty-Read-From")).hasValueSatisfying(h -> assertThat(h).startsWith("replica; "));
        // The other month reports read it too, and say so.
        String month = YearMonth.now(ZoneId.of("Asia/Ho_Chi_Minh")).toString();
        assertThat(html("/attendance/lateness?siteId=" + site + "&month=" + month)).contains(FROM_REPLICA);
        assertThat(html("/quality?siteId=" + site)).contains(FROM_REPLICA);

        // The replica receives a change but does not apply it yet: the page shows the old name, and says it lags.
        REPLICA.pauseReplay();
        DB.jdbi().useHandle(h -> h.execute("update staff set full_name = 'Trần Thị Sau' where id = ?", officer));
        REPLICA.awaitReceived();
        String behind = html(sheet);
        assertThat(behind).contains("Trần Thị Trước").doesNotContain("Trần Thị Sau");
        assertThat(lagStated(behind)).as("'chậm N giây' on the page").isNotNegative();
        assertThat(metric("onduty_replica_lag_seconds")).isPositive();
        assertThat(metric("onduty_replica_up")).isEqualTo(1.0);

        REPLICA.resumeReplay();
        assertThat(caughtUp(sheet)).as("the primary's row, through the replica")
                .contains("Trần Thị Sau").doesNotContain("Trần Thị Trước");
        assertThat(metric("onduty_replica_lag_seconds")).isLessThan(lagStated(behind) + 2.0);

        REPLICA.close();
        String fallback = html(sheet);
        assertThat(fallback).contains("Trần Thị Sau", "Số liệu đọc trực tiếp từ máy chủ cơ sở dữ liệu chính");
        assertThat(metric("onduty_replica_up")).isZero();
        Reply export = admin.get("/api/timesheets/" + YearMonth.now(ZoneId.of("Asia/Ho_Chi_Minh")) + "?siteId=" + site);
        assertThat(export.status()).as("%s", export).isEqualTo(200);
        assertThat(export.body()).contains("Trần Thị Sau");
        assertThat(export.header("X-OnDuty-Read-From")).contains("primary");
    }

    static final String FROM_REPLICA = "Số liệu đọc từ bản sao cơ sở dữ liệu";

    /**
     * The page once the replica has replayed all the primary wrote; the page's own request writes (its audit event,
     * the session's last use), so it may find the replica a moment behind: asked again then, a bounded number of times.
     */
    static String caughtUp(String path) {
        String html = "";
        for (int i = 0; i < 20; i++) {
            REPLICA.awaitCaughtUp();
            html = html(path);
            if (html.contains(FROM_REPLICA + ", đã cập nhật kịp máy chủ chính")) {
                return html;
            }
        }
        throw new AssertionError("The page never said the replica had caught up:\n" + html);
    }

    static String html(String path) {
        Reply r = page.get(path);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }

    /** The lag the page states, in seconds: 0 for "less than a second". */
    static long lagStated(String html) {
        Matcher m = Pattern.compile(FROM_REPLICA + ", chậm (chưa tới 1|\\d+) giây so với máy chủ chính").matcher(html);
        assertThat(m.find()).as("the page states the lag:%n%s", html).isTrue();
        return m.group(1).startsWith("chưa") ? 0 : Long.parseLong(m.group(1));
    }

    static double metric(String name) {
        String text = Api.at(APP.getAdminPort()).get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s in%n%s", name, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("onduty-replica-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
