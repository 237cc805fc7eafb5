package vn.onduty.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The sites and departments each kind of person may choose, on a real database: AccessPolicy's rule read from the
 * tables, and every page with a site picker offering exactly those sites to the same person.
 */
class ChoicesIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(ChoicesIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    /** Every page that offers a site to choose and shows what of it the caller may see, for supervisors and admins. */
    static final List<String> PICKER_PAGES = List.of("/today", "/attendance/lateness", "/roster", "/timesheets",
            "/leave/calendar", "/staff");
    /** The pages about a site as a whole: they offer the sites the caller leads among those. */
    static final List<String> SITE_WHOLE_PAGES = List.of("/occupancy", "/occupancy/timeline", "/occupancy/coverage",
            "/quality");

    static Api admin;
    static long thuanHoa;
    static long phuVang;
    /** Deactivated, with an officer of department Y still at home there. */
    static long huongTra;
    static long tuPhap;
    static long keHoach;
    /** Active, with nobody in it. */
    static long xayDung;
    static long lan;
    static long nam;
    static long hung;
    static Account siteSupervisor;
    static Account departmentSupervisor;
    static Account officer;

    record Account(long id, String username, Api api, Api pages) {}

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        thuanHoa = aSite().with("name", "Cơ sở Thuận Hóa").createdBy(admin);
        phuVang = aSite().with("name", "Cơ sở Phú Vang").createdBy(admin);
        huongTra = aSite().with("name", "Cơ sở Hương Trà").createdBy(admin);
        tuPhap = aDepartment().with("name", "Sở Tư pháp").createdBy(admin);
        keHoach = aDepartment().with("name", "Sở Kế hoạch và Đầu tư").createdBy(admin);
        xayDung = aDepartment().with("name", "Sở Xây dựng").createdBy(admin);
        lan = aStaff(tuPhap, thuanHoa).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        nam = aStaff(keHoach, thuanHoa).with("fullName", "Hoàng Văn Nam").createdBy(admin);
        hung = aStaff(keHoach, phuVang).with("fullName", "Lê Văn Hùng").createdBy(admin);
        aStaff(keHoach, huongTra).createdBy(admin);
        // Lan's colleague at Phú Vang has left: Sở Tư pháp no longer works there.
        long left = aStaff(tuPhap, phuVang).createdBy(admin);
        assertThat(admin.post("/api/staff/" + left + "/deactivate", null).status()).isEqualTo(200);
        assertThat(admin.post("/api/sites/" + huongTra + "/deactivate", null).status()).isEqualTo(200);

        siteSupervisor = account(aSupervisorAccount(List.of(thuanHoa), List.of()));
        departmentSupervisor = account(aSupervisorAccount(List.of(), List.of(keHoach)));
        officer = account(anOfficerAccount(hung));
    }

    static Account account(Org.Body body) {
        long id = body.createdBy(admin);
        String username = body.get("username").toString();
        Api api = Api.at(APP).loggedInAs(username, Org.PASSWORD);
        Api pages = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, username, Org.PASSWORD));
        return new Account(id, username, api, pages);
    }

    // ---- the rule, read from the tables ----

    @Test
    void adminChoosesEveryActiveSiteAndDepartment() {
        AccessPolicy.Choices c = policy().choices(caller(Set.of(Role.ADMIN), null, Set.of(), Set.of()));
        assertThat(c.siteIds()).containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(c.departmentIds()).containsExactlyInAnyOrder(tuPhap, keHoach, xayDung);
    }

    @Test
    void siteSupervisorChoosesTheirSiteAndTheDepartmentsWorkingThere() {
        AccessPolicy.Choices c = policy().choices(caller(Set.of(Role.SUPERVISOR), null, Set.of(thuanHoa), Set.of()));
        assertThat(c.siteIds()).containsExactly(thuanHoa);
        assertThat(c.departmentIds()).containsExactlyInAnyOrder(tuPhap, keHoach);
    }

    @Test
    void departmentSupervisorChoosesTheirDepartmentAndTheActiveSitesItsStaffWorkAt() {
        AccessPolicy.Choices c = policy().choices(caller(Set.of(Role.SUPERVISOR), null, Set.of(), Set.of(keHoach)));
        assertThat(c.siteIds()).as("not Hương Trà, deactivated").containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(c.departmentIds()).containsExactly(keHoach);

        AccessPolicy.Choices ofTuPhap = policy().choices(caller(Set.of(Role.SUPERVISOR), null, Set.of(), Set.of(tuPhap)));
        assertThat(ofTuPhap.siteIds()).as("not Phú Vang, where its officer has left").containsExactly(thuanHoa);
    }

    @Test
    void officerChoosesTheirOwnHomeSiteAndDepartment() {
        AccessPolicy.Choices c = policy().choices(caller(Set.of(Role.OFFICER), hung, Set.of(), Set.of()));
        assertThat(c.siteIds()).containsExactly(phuVang);
        assertThat(c.departmentIds()).containsExactly(keHoach);
    }

    // ---- the same choice on every page ----

    @Test
    void everyPageOffersAnAdminEveryActiveSite() {
        assertThat(sitesOfferedOnEveryPage(adminPages())).containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(sitesOfferedOnEveryPage(adminPages(), SITE_WHOLE_PAGES)).containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(siteOptions(adminPages().get("/quality/imports"))).containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(departmentOptions(adminPages().get("/timesheets")))
                .containsExactlyInAnyOrder(tuPhap, keHoach, xayDung);
    }

    @Test
    void everyPageOffersASiteSupervisorTheSiteTheyLead() {
        assertThat(sitesOfferedOnEveryPage(siteSupervisor.pages())).containsExactly(thuanHoa);
        assertThat(sitesOfferedOnEveryPage(siteSupervisor.pages(), SITE_WHOLE_PAGES)).containsExactly(thuanHoa);
        assertThat(departmentOptions(siteSupervisor.pages().get("/timesheets?siteId=" + thuanHoa)))
                .containsExactlyInAnyOrder(tuPhap, keHoach);
        assertThat(departmentOptions(siteSupervisor.pages().get("/leave/calendar")))
                .containsExactlyInAnyOrder(tuPhap, keHoach);
    }

    @Test
    void everyPageOffersADepartmentSupervisorTheSitesTheirStaffWorkAt() {
        assertThat(sitesOfferedOnEveryPage(departmentSupervisor.pages())).containsExactlyInAnyOrder(thuanHoa, phuVang);
        assertThat(sitesOfferedOnEveryPage(departmentSupervisor.pages(), SITE_WHOLE_PAGES)).as("they lead no site").isEmpty();
        assertThat(departmentOptions(departmentSupervisor.pages().get("/timesheets?siteId=" + thuanHoa)))
                .containsExactly(keHoach);
    }

    @Test
    void aSitePageShowsADepartmentSupervisorOnlyTheirStaff() {
        Reply today = departmentSupervisor.pages().get("/today?siteId=" + thuanHoa);
        assertThat(today.status()).isEqualTo(200);
        assertThat(today.body()).contains("Hoàng Văn Nam").doesNotContain("Nguyễn Thị Lan");

        JsonNode calendar = departmentSupervisor.api().get("/api/leave/calendar/2027-01?siteId=" + thuanHoa).json();
        assertThat(StreamSupport.stream(calendar.get("rows").spliterator(), false).map(r -> r.get("staffId").asLong()))
                .containsExactly(nam);
        JsonNode all = admin.get("/api/leave/calendar/2027-01?siteId=" + thuanHoa).json();
        assertThat(all.get("rows")).hasSize(2);
    }

    @Test
    void siteWideReportsStayWithTheSitesSupervisors() {
        Reply quality = departmentSupervisor.pages().get("/quality");
        assertThat(quality.status()).isEqualTo(200);
        assertThat(quality.body()).contains("chất lượng phục vụ chỉ dành cho lãnh đạo phụ trách điểm phục vụ");
        Reply presence = departmentSupervisor.pages().get("/occupancy");
        assertThat(presence.status()).isEqualTo(200);
        assertThat(presence.body()).contains("tình hình có mặt tại quầy chỉ dành cho");
        assertThat(departmentSupervisor.pages().get("/quality?siteId=" + thuanHoa).status()).isEqualTo(403);
        assertThat(departmentSupervisor.pages().get("/occupancy?siteId=" + phuVang).status()).isEqualTo(403);
        assertThat(departmentSupervisor.pages().get("/quality/week?siteId=" + thuanHoa).status()).isEqualTo(403);
        assertThat(departmentSupervisor.api().get("/api/quality/kpis?siteId=" + thuanHoa + "&from=2026-11-01&to=2026-11-30")
                .status()).isEqualTo(403);
        assertThat(siteSupervisor.pages().get("/quality?siteId=" + thuanHoa).body()).doesNotContain("chỉ dành cho");
    }

    @Test
    void aSiteNobodyMayChooseIsRefused() {
        assertThat(siteSupervisor.pages().get("/today?siteId=" + phuVang).status()).isEqualTo(403);
        assertThat(siteSupervisor.pages().get("/roster?siteId=" + phuVang).status()).isEqualTo(403);
        assertThat(departmentSupervisor.pages().get("/today?siteId=" + huongTra).status()).as("deactivated").isEqualTo(403);
        assertThat(adminPages().get("/today?siteId=" + huongTra).status()).as("an admin may still open it").isEqualTo(200);
    }

    @Test
    void aDepartmentSupervisorReadsTheRostersOfTheSitesWhereTheirDepartmentHasCountersOrOfficers() {
        // Sở Xây dựng has nobody yet, only a counter at Phú Vang, and a closed one at Thuận Hóa.
        aCounter(phuVang).with("departmentId", xayDung).createdBy(admin);
        long closed = aCounter(thuanHoa).with("departmentId", xayDung).createdBy(admin);
        assertThat(admin.post("/api/counters/" + closed + "/deactivate", null).status()).isEqualTo(200);
        Account ofXayDung = account(aSupervisorAccount(List.of(), List.of(xayDung)));
        String path = "/api/roster/range?from=2027-03-01&to=2027-03-07&siteId=";

        assertThat(ofXayDung.api().get(path + phuVang).status()).isEqualTo(200);
        assertThat(ofXayDung.api().get(path + thuanHoa).status()).isEqualTo(403);
        assertThat(sitesOfferedOnEveryPage(ofXayDung.pages())).containsExactly(phuVang);
    }

    @Test
    void theRosterOfASiteIsReadByThoseWhoMayChooseIt() {
        String path = "/api/roster/range?from=2027-03-01&to=2027-03-07&siteId=";
        assertThat(officer.api().get(path + phuVang).status()).as("the officer's home site").isEqualTo(200);
        assertThat(officer.api().get(path + thuanHoa).status()).isEqualTo(403);
        assertThat(departmentSupervisor.api().get(path + phuVang).status()).isEqualTo(200);
        assertThat(departmentSupervisor.api().get(path + huongTra).status()).isEqualTo(403);
        assertThat(siteSupervisor.api().get(path + phuVang).status()).isEqualTo(403);
        assertThat(siteSupervisor.api().get(path + thuanHoa).status()).isEqualTo(200);
    }

    // ---- helpers ----

    private static Set<Long> sitesOfferedOnEveryPage(Api pages) {
        return sitesOfferedOnEveryPage(pages, PICKER_PAGES);
    }

    private static Set<Long> sitesOfferedOnEveryPage(Api pages, List<String> paths) {
        Set<Long> first = null;
        for (String path : paths) {
            Reply page = pages.get(path);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            Set<Long> offered = siteOptions(page);
            if (first == null) {
                first = offered;
            }
            assertThat(offered).as("the sites %s offers, against %s's", path, paths.get(0)).isEqualTo(first);
        }
        return first;
    }

    private static Api adminPages() {
        return Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, "quantri", "admin-password-1"));
    }

    private static Set<Long> siteOptions(Reply page) {
        return options(page, "siteId");
    }

    private static Set<Long> departmentOptions(Reply page) {
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return options(page, "departmentId");
    }

    /** The ids a page's select of that name offers, its "all" option aside. */
    private static Set<Long> options(Reply page, String name) {
        Matcher select = Pattern.compile("<select[^>]*name=\"" + name + "\"[^>]*>(.*?)</select>", Pattern.DOTALL)
                .matcher(page.body());
        assertThat(select.find()).as("%s has a %s picker", page.request(), name).isTrue();
        Set<Long> ids = new LinkedHashSet<>();
        Matcher option = Pattern.compile("<option value=\"(\\d+)\"").matcher(select.group(1));
        while (option.find()) {
            ids.add(Long.parseLong(option.group(1)));
        }
        return new TreeSet<>(ids);
    }

    private static AccessPolicy policy() {
        return new AccessPolicy(DB.jdbi().onDemand(ScopeDao.class));
    }

    private static Caller caller(Set<Role> roles, Long staffId, Set<Long> sites, Set<Long> departments) {
        return new Caller(7, "someone", roles, staffId, sites, departments, null, 1L, "csrf", "vi", false, "127.0.0.1");
    }

}
