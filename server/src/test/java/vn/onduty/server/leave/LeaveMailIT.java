package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Notifications through a real SMTP conversation with an in-process server (GreenMail): the approvers of each
 * step hear of a request when it reaches them, and the officer hears of the decision.
 */
class LeaveMailIT {

    static final GreenMail SMTP = start();
    static final TestDatabase DB = TestPostgres.freshDatabase(LeaveMailIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of(
            "mail.enabled", "true", "mail.host", "127.0.0.1", "mail.port", String.valueOf(SMTP.getSmtp().getPort()),
            "mail.from", "OnDuty <onduty@hcc.hue.gov.vn>", "mail.baseUrl", "https://onduty.hue.gov.vn"));

    static GreenMail start() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    static Api signIn(Org.Body account) {
        account.create(APP_ADMIN.get());
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    static final java.util.function.Supplier<Api> APP_ADMIN = () -> Api.at(APP).loggedInAs("quantri", "admin-password-1");

    @Test
    void approversOfEachStepAndThenTheOfficerAreMailed() throws Exception {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = APP_ADMIN.get();
        long site = aSite().createdBy(admin);
        long dept = aDepartment().createdBy(admin);
        long lanStaff = aStaff(dept, site).with("fullName", "Nguyễn Thị Lan").with("email", "lan@hue.gov.vn").createdBy(admin);
        long leadStaff = aStaff(dept, site).with("fullName", "Trần Văn Tổ").with("email", "to.truong@hue.gov.vn").createdBy(admin);
        long bossStaff = aStaff(dept, site).with("fullName", "Lê Giám Đốc").with("email", "giam.doc@hue.gov.vn").createdBy(admin);
        Org.Body leadAccount = aSupervisorAccount(List.of(), List.of()).with("staffId", leadStaff);
        long leadId = leadAccount.createdBy(admin);
        Api lead = Api.at(APP).loggedInAs(leadAccount.get("username").toString(), Org.PASSWORD);
        Api boss = signIn(aSupervisorAccount(List.of(site), List.of()).with("staffId", bossStaff));
        Api lan = signIn(anOfficerAccount(lanStaff));
        assertThat(admin.put("/api/leave/chains", Map.of("siteId", site, "steps", List.of(
                Map.of("kind", "ACCOUNT", "accountId", leadId), Map.of("kind", "SUPERVISORS")))).status()).isEqualTo(200);
        long annual = 0;
        for (var t : admin.get("/api/leave/types").json()) {
            if (t.get("code").asText().equals("ANNUAL")) {
                annual = t.get("id").asLong();
            }
        }

        Reply made = lan.post("/api/leave/requests", Map.of("leaveTypeId", annual, "startDate", "2026-12-07",
                "startPart", "AFTERNOON", "endDate", "2026-12-09", "endPart", "AFTERNOON", "reason", "Việc gia đình"));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.id();
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage first = SMTP.getReceivedMessages()[0];
        assertThat(recipients(first)).containsExactly("to.truong@hue.gov.vn");
        assertThat(first.getSubject()).contains("Đơn nghỉ cần duyệt").contains("Nguyễn Thị Lan");
        assertThat(first.getFrom()[0].toString()).contains("onduty@hcc.hue.gov.vn");
        String body = GreenMailUtil.getBody(first);
        assertThat(first.getContent().toString()).contains("https://onduty.hue.gov.vn/leave/requests/" + id)
                .contains("bước 1/2").contains("2.5");
        assertThat(body).isNotBlank();

        assertThat(lead.post("/api/leave/requests/" + id + "/approve", Map.of("step", 1)).status()).isEqualTo(200);
        assertThat(SMTP.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage second = SMTP.getReceivedMessages()[1];
        // Step 2 is "the supervisors": the site's leader; the officer's own account never approves.
        assertThat(recipients(second)).containsExactly("giam.doc@hue.gov.vn");
        assertThat(second.getContent().toString()).contains("bước 2/2");

        assertThat(boss.post("/api/leave/requests/" + id + "/approve", Map.of("step", 2)).status()).isEqualTo(200);
        assertThat(SMTP.waitForIncomingEmail(10_000, 3)).isTrue();
        MimeMessage third = SMTP.getReceivedMessages()[2];
        assertThat(recipients(third)).containsExactly("lan@hue.gov.vn");
        assertThat(third.getSubject()).contains("đã được duyệt").contains("approved");
        assertThat(SMTP.getReceivedMessages()).hasSize(3);
    }

    static List<String> recipients(MimeMessage m) throws Exception {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    }
}
