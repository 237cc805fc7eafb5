package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Request bodies are capped before anything reads them (forms, multipart, JSON, heartbeats): too large is a 413 that
 * names the limit, and nothing is stored. Uploads keep their own, larger limits.
 */
class RequestBodyLimitIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RequestBodyLimitIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final int TWO_MIB = 2 * 1024 * 1024;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static Api admin;
    static DeviceAgent agent;
    static String officerSession;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", ADMIN_PASSWORD);
        long site = aSite().createdBy(admin);
        agent = DeviceAgent.register(APP, admin, site);
        long staff = aStaff(aDepartment().createdBy(admin), site).createdBy(admin);
        Org.Body officer = anOfficerAccount(staff);
        officer.createdBy(admin);
        officerSession = Browser.session(APP, officer.get("username").toString(), Org.PASSWORD);
    }

    @Test
    void anOversizedHeartbeatIsRefusedNamingTheLimit() {
        Map<String, String> before = DB.snapshot();
        String body = "{\"at\":\"2026-11-26T01:00:00Z\",\"sensors\":[{\"name\":\"" + "x".repeat(TWO_MIB) + "\"}]}";

        Reply r = agent.api().postRaw("/api/agent/heartbeat", "application/json", body);

        assertThat(r.status()).as("%s", r.request()).isEqualTo(413);
        assertThat(r.json().get("code").asInt()).isEqualTo(413);
        assertThat(r.json().get("message").asText()).contains("larger than 1 MiB (1048576 bytes)",
                "POST /api/agent/heartbeat");
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    @Test
    void anOversizedJsonBodyIsRefusedBeforeSignInIsChecked() {
        long attempts = DB.count("login_attempt");
        Reply anonymous = Api.at(APP).postRaw("/api/auth/login", "application/json",
                "{\"username\":\"quantri\",\"password\":\"" + "x".repeat(TWO_MIB) + "\"}");
        Reply signedIn = admin.postRaw("/api/sites", "application/json",
                "{\"name\":\"" + "Cơ sở ".repeat(TWO_MIB / 8) + "\",\"address\":\"Huế\"}");

        assertThat(anonymous.status()).isEqualTo(413);
        assertThat(signedIn.status()).isEqualTo(413);
        assertThat(DB.count("login_attempt")).as("no password was checked").isEqualTo(attempts);
    }

    @Test
    void aBodySentInChunksIsCutOffAtTheLimit() throws Exception {
        String token = admin.login("quantri", ADMIN_PASSWORD);
        Map<String, String> before = DB.snapshot();
        byte[] json = ("{\"name\":\"" + "a".repeat(TWO_MIB) + "\",\"address\":\"Huế\"}").getBytes(StandardCharsets.UTF_8);
        // ofInputStream has no known length: the body goes out chunked, without Content-Length.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + "/api/sites"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
                .build();

        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("1 MiB");
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    @Test
    void anOversizedFormShowsTheLimitOnAPageInTheReadersLanguage() {
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", ADMIN_PASSWORD));
        Map<String, String> before = DB.snapshot();

        Reply r = browser.postRaw("/admin/sites", "application/x-www-form-urlencoded",
                Browser.form("name", "x".repeat(TWO_MIB), "address", "Huế", "_csrf", "irrelevant"));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).contains("Dữ liệu gửi lên vượt quá giới hạn 1 MiB");
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    @Test
    void aLeaveDocumentOverItsLimitIsRefusedBeforeTheMultipartIsRead() throws IOException {
        String boundary = "----onduty" + Org.unique();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"leaveTypeId\"\r\n\r\n1\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"giay.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] body = new byte[head.length() + 3 * 1024 * 1024 + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, body, 0, head.length());
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, body, body.length - tail.length(), tail.length());
        long requests = DB.count("leave_request");

        Reply r = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + officerSession)
                .sendBytes("POST", "/leave/new", "multipart/form-data; boundary=" + boundary, body);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("2.1 MiB");
        assertThat(DB.count("leave_request")).isEqualTo(requests);
    }

    @Test
    void anUploadKeepsItsOwnLargerLimit() {
        // A snapshot of 1.5 MiB is over the default but within the snapshot upload's own 2 MiB.
        Reply r = agent.api().sendBytes("PUT", "/api/agent/cameras/999999/snapshot?commandId=1", "image/jpeg",
                new byte[3 * 512 * 1024]);
        assertThat(r.status()).as("%s", r).isNotEqualTo(413);
    }
}
