package vn.onduty.server.org;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anAccount;
import static vn.onduty.server.testing.Org.anAdminAccount;
import static vn.onduty.server.testing.Org.anAgent;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.login.Tokens;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The organisation API as an admin uses it: sites, departments, counters, staff, accounts and device agents. */
class OrganisationApiIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(OrganisationApiIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password-1";
    static Api admin;
    static long siteId;
    static long departmentId;

    @BeforeAll
    static void signInAndSetUp() {
        Admins.create(DB, ADMIN, ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs(ADMIN, ADMIN_PASSWORD);
        siteId = aSite().createdBy(admin);
        departmentId = aDepartment().createdBy(admin);
    }

    // ---- sites ----

    @Test
    void createsReadsAndReplacesSite() {
        Reply created = aSite().with("name", "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế")
                .with("address", "01 Lê Lai, Huế").create(admin);
        JsonNode site = created.json();
        assertThat(site.get("name").asText()).isEqualTo("Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế");
        assertThat(site.get("timeZone").asText()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(site.get("active").asBoolean()).isTrue();

        Reply read = admin.get("/api/sites/" + created.id());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("address").asText()).isEqualTo("01 Lê Lai, Huế");

        Reply replaced = admin.put("/api/sites/" + created.id(), Map.of("name", "Trung tâm HCC Huế (cơ sở 2)",
                "address", "12 Hai Bà Trưng, Huế", "timeZone", "Asia/Bangkok"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(admin.get("/api/sites/" + created.id()).json().get("name").asText()).isEqualTo("Trung tâm HCC Huế (cơ sở 2)");
        assertThat(DB.rows("select time_zone, address from site where id = ?", created.id()))
                .containsExactly(Map.of("time_zone", "Asia/Bangkok", "address", "12 Hai Bà Trưng, Huế"));
    }

    @Test
    void pagesSitesWithTotal() {
        String marker = "Phân trang " + Org.unique();
        for (String suffix : List.of("A", "B", "C")) {
            aSite().with("name", marker + " " + suffix).createdBy(admin);
        }
        JsonNode first = admin.get("/api/sites?q=" + encode(marker) + "&size=2&page=1").json();
        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(names(first)).containsExactly(marker + " A", marker + " B");

        JsonNode second = admin.get("/api/sites?q=" + encode(marker) + "&size=2&page=2").json();
        assertThat(names(second)).containsExactly(marker + " C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "size=0", "size=201", "page=-1"})
    void rejectsPagingOutOfBounds(String query) {
        Reply r = admin.get("/api/sites?" + query);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("details").toString()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void findsSitesIgnoringDiacritics() {
        long id = aSite().with("name", "Trung tâm Hành chính công Thành phố Huế " + Org.unique()).createdBy(admin);
        assertThat(ids(admin.get("/api/sites?q=hanh%20chinh%20cong%20thanh%20pho%20hue&size=200").json())).contains(id);
        assertThat(ids(admin.get("/api/sites?q=" + encode("HÀNH CHÍNH") + "&size=200").json())).contains(id);
    }

    @Test
    void deactivatingSiteKeepsItsRow() {
        long id = aSite().createdBy(admin);
        long before = DB.count("site");

        Reply r = admin.post("/api/sites/" + id + "/deactivate", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("active").asBoolean()).isFalse();
        assertThat(DB.count("site")).isEqualTo(before);
        assertThat(admin.get("/api/sites/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(ids(admin.get("/api/sites?active=false&size=200").json())).contains(id);
        assertThat(ids(admin.get("/api/sites?active=true&size=200").json())).doesNotContain(id);

        assertThat(admin.post("/api/sites/" + id + "/reactivate", null).json().get("active").asBoolean()).isTrue();
    }

    @Test
    void rejectsSiteNameAlreadyUsed() {
        Org.Body site = aSite();
        site.create(admin);
        Reply r = unchanged(() -> admin.post("/api/sites", site.fields()));
        assertError(r, 409, "name");
    }

    @Test
    void rejectsUnknownTimeZone() {
        Reply r = unchanged(() -> admin.post("/api/sites", aSite().with("timeZone", "Asia/Hue").fields()));
        assertError(r, 422, "timeZone");
    }

    @Test
    void answersNotFoundForUnknownSite() {
        assertThat(admin.get("/api/sites/987654").status()).isEqualTo(404);
        Reply r = unchanged(() -> admin.put("/api/sites/987654", aSite().fields()));
        assertError(r, 404, "987654");
    }

    // ---- departments ----

    @Test
    void createsDepartmentWithUpperCaseCodeAndFindsItWithoutDiacritics() {
        int n = Org.unique();
        Reply created = aDepartment().with("code", "stp" + n).with("name", "Sở Tư pháp tỉnh " + n).create(admin);
        assertThat(created.json().get("code").asText()).isEqualTo("STP" + n);

        assertThat(ids(admin.get("/api/departments?q=so%20tu%20phap%20tinh%20" + n).json())).containsExactly(created.id());
        assertThat(ids(admin.get("/api/departments?q=stp" + n).json())).containsExactly(created.id());

        Reply replaced = admin.put("/api/departments/" + created.id(), Map.of("code", "STP" + n, "name", "Sở Tư pháp " + n));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("name").asText()).isEqualTo("Sở Tư pháp " + n);
    }

    @Test
    void rejectsDepartmentCodeAlreadyUsed() {
        Org.Body first = aDepartment();
        first.create(admin);
        Reply r = unchanged(() -> admin.post("/api/departments",
                aDepartment().with("code", first.get("code").toString().toLowerCase()).fields()));
        assertError(r, 409, "code");
    }

    @Test
    void deactivatingDepartmentKeepsItsRow() {
        long id = aDepartment().createdBy(admin);
        Reply r = admin.post("/api/departments/" + id + "/deactivate", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(DB.rows("select active from department where id = ?", id)).containsExactly(Map.of("active", false));
    }

    // ---- counters ----

    @Test
    void createsCounterAndFiltersBySiteAndService() {
        long otherSite = aSite().createdBy(admin);
        Reply created = aCounter(otherSite).with("number", 7).with("name", "Quầy Tư pháp - Hộ tịch")
                .with("services", List.of("Chứng thực bản sao từ bản chính", " Đăng ký khai sinh ", "Đăng ký khai sinh"))
                .create(admin);
        JsonNode counter = created.json();
        assertThat(counter.get("number").asInt()).isEqualTo(7);
        assertThat(counter.get("services")).extracting(JsonNode::asText)
                .containsExactly("Chứng thực bản sao từ bản chính", "Đăng ký khai sinh");

        assertThat(ids(admin.get("/api/counters?siteId=" + otherSite).json())).containsExactly(created.id());
        assertThat(ids(admin.get("/api/counters?siteId=" + otherSite + "&q=dang%20ky%20khai%20sinh").json()))
                .containsExactly(created.id());
        assertThat(ids(admin.get("/api/counters?siteId=" + otherSite + "&q=7").json())).containsExactly(created.id());
        assertThat(ids(admin.get("/api/counters?siteId=" + otherSite + "&q=thue").json())).isEmpty();
    }

    @Test
    void rejectsCounterNumberAlreadyUsedAtSite() {
        aCounter(siteId).with("number", 42).create(admin);
        Reply r = unchanged(() -> admin.post("/api/counters", aCounter(siteId).with("number", 42).fields()));
        assertError(r, 409, "number");
    }

    @Test
    void allowsSameCounterNumberAtAnotherSite() {
        long a = aSite().createdBy(admin);
        long b = aSite().createdBy(admin);
        aCounter(a).with("number", 1).create(admin);
        assertThat(admin.post("/api/counters", aCounter(b).with("number", 1).fields()).status()).isEqualTo(201);
    }

    @Test
    void rejectsRenumberingCounterToNumberAlreadyUsed() {
        long site = aSite().createdBy(admin);
        aCounter(site).with("number", 1).create(admin);
        Org.Body second = aCounter(site).with("number", 2);
        long id = second.createdBy(admin);
        Reply r = unchanged(() -> admin.put("/api/counters/" + id, second.with("number", 1).fields()));
        assertError(r, 409, "number");
    }

    @Test
    void rejectsCounterAtUnknownSite() {
        Reply r = unchanged(() -> admin.post("/api/counters", aCounter(987654).fields()));
        assertError(r, 422, "siteId");
    }

    @Test
    void deactivatingCounterKeepsItsRow() {
        long id = aCounter(siteId).createdBy(admin);
        long before = DB.count("counter");
        assertThat(admin.post("/api/counters/" + id + "/deactivate", null).json().get("active").asBoolean()).isFalse();
        assertThat(DB.count("counter")).isEqualTo(before);
        assertThat(ids(admin.get("/api/counters?siteId=" + siteId + "&active=false").json())).contains(id);
    }

    // ---- staff ----

    @Test
    void createsStaffAndFindsThemIgnoringDiacritics() {
        long site = aSite().createdBy(admin);
        long nguyen = aStaff(departmentId, site).with("fullName", "Nguyễn Văn An").createdBy(admin);
        long tran = aStaff(departmentId, site).with("fullName", "Trần Thị Đào").createdBy(admin);

        assertThat(ids(admin.get("/api/staff?siteId=" + site + "&q=nguyen").json())).containsExactly(nguyen);
        assertThat(ids(admin.get("/api/staff?siteId=" + site + "&q=NGUYEN%20VAN").json())).containsExactly(nguyen);
        assertThat(ids(admin.get("/api/staff?siteId=" + site + "&q=dao").json())).containsExactly(tran);
        // The same letters typed in decomposed form (NFD), as some keyboards and phones send them.
        assertThat(ids(admin.get("/api/staff?siteId=" + site + "&q=" + encode("Nguye\u0302\u0303n")).json()))
                .containsExactly(nguyen);
        assertThat(ids(admin.get("/api/staff?siteId=" + site).json())).containsExactly(nguyen, tran);
    }

    @Test
    void filtersStaffBySiteAndDepartment() {
        long site = aSite().createdBy(admin);
        long otherDepartment = aDepartment().createdBy(admin);
        long a = aStaff(departmentId, site).createdBy(admin);
        long b = aStaff(otherDepartment, site).createdBy(admin);
        aStaff(otherDepartment, siteId).createdBy(admin);

        assertThat(ids(admin.get("/api/staff?siteId=" + site).json())).containsExactlyInAnyOrder(a, b);
        assertThat(ids(admin.get("/api/staff?siteId=" + site + "&departmentId=" + otherDepartment).json()))
                .containsExactly(b);
    }

    @Test
    void replacesStaffDetailsAndKeepsRowWhenDeactivated() {
        Org.Body body = aStaff(departmentId, siteId);
        long id = body.createdBy(admin);
        Reply replaced = admin.put("/api/staff/" + id, body.with("position", "Chuyên viên chính").fields());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("position").asText()).isEqualTo("Chuyên viên chính");

        assertThat(admin.post("/api/staff/" + id + "/deactivate", null).json().get("active").asBoolean()).isFalse();
        assertThat(admin.get("/api/staff/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(DB.rows("select active from staff where id = ?", id)).containsExactly(Map.of("active", false));
    }

    @Test
    void keepsEndOfServiceCategoryAndGradeOfTheStaffRecord() {
        Org.Body body = aStaff(departmentId, siteId).with("serviceStartDate", "2010-03-01")
                .with("endOfServiceDate", "2027-06-30").with("staffCategory", "PUBLIC_EMPLOYEE")
                .with("grade", "Chuyên viên").with("gradeCode", "01.003").with("regionalAllowance", 0.7);
        long id = body.createdBy(admin);
        var read = admin.get("/api/staff/" + id).json();
        assertThat(read.get("endOfServiceDate").asText()).isEqualTo("2027-06-30");
        assertThat(read.get("staffCategory").asText()).isEqualTo("PUBLIC_EMPLOYEE");
        assertThat(read.get("grade").asText()).isEqualTo("Chuyên viên");
        assertThat(read.get("gradeCode").asText()).isEqualTo("01.003");
        assertThat(read.get("regionalAllowance").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(DB.rows("select staff_category, grade_code from staff where id = ?", id))
                .containsExactly(Map.of("staff_category", "PUBLIC_EMPLOYEE", "grade_code", "01.003"));

        // Left out, a record is a civil servant's with no grade, as every record was before these fields.
        long plain = aStaff(departmentId, siteId).createdBy(admin);
        assertThat(admin.get("/api/staff/" + plain).json().get("staffCategory").asText()).isEqualTo("CIVIL_SERVANT");
    }

    @Test
    void rejectsEndOfServiceBeforeItsStart() {
        Reply r = unchanged(() -> admin.post("/api/staff", aStaff(departmentId, siteId)
                .with("serviceStartDate", "2020-05-01").with("endOfServiceDate", "2020-04-30").fields()));
        assertError(r, 422, "endOfServiceDate");
        Reply category = unchanged(() -> admin.post("/api/staff", aStaff(departmentId, siteId)
                .with("staffCategory", "CONTRACTOR").fields()));
        assertError(category, 400, "staffCategory");
    }

    @Test
    void rejectsStaffInUnknownDepartment() {
        Reply r = unchanged(() -> admin.post("/api/staff", aStaff(987654, siteId).fields()));
        assertError(r, 422, "departmentId");
    }

    @Test
    void rejectsStaffCodeAlreadyUsed() {
        Org.Body first = aStaff(departmentId, siteId);
        first.create(admin);
        Reply r = unchanged(() -> admin.post("/api/staff", aStaff(departmentId, siteId).with("code", first.get("code")).fields()));
        assertError(r, 409, "code");
    }

    @Test
    void rejectsMalformedEmail() {
        Reply r = unchanged(() -> admin.post("/api/staff", aStaff(departmentId, siteId).with("email", "not-an-email").fields()));
        assertError(r, 422, "email");
    }

    // ---- every collection: malformed and incomplete input ----

    static Stream<Arguments> collections() {
        return Stream.of(Arguments.of("/api/sites"), Arguments.of("/api/departments"), Arguments.of("/api/counters"),
                Arguments.of("/api/staff"), Arguments.of("/api/accounts"), Arguments.of("/api/agents"));
    }

    @ParameterizedTest
    @MethodSource("collections")
    void rejectsMalformedJson(String collection) {
        Reply r = unchanged(() -> admin.postRaw(collection, "application/json", "{\"name\": \"Quầy 1\", "));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).startsWith("Malformed JSON");
    }

    @ParameterizedTest
    @MethodSource("collections")
    void rejectsEmptyBody(String collection) {
        Reply r = unchanged(() -> admin.postRaw(collection, "application/json", ""));
        assertError(r, 422, "body");
    }

    @Test
    void rejectsValueOfTheWrongTypeNamingTheField() {
        Map<String, Object> body = aCounter(siteId).fields();
        body.put("number", "bảy");
        Reply r = unchanged(() -> admin.post("/api/counters", body));
        assertError(r, 400, "number");
    }

    static Stream<Arguments> incompleteBodies() {
        return Stream.of(
                Arguments.of("site without name", "/api/sites", aSite().without("name"), "name"),
                Arguments.of("department without code", "/api/departments", aDepartment().without("code"), "code"),
                Arguments.of("counter without number", "/api/counters", aCounter(1).without("number"), "number"),
                Arguments.of("counter without site", "/api/counters", aCounter(1).without("siteId"), "siteId"),
                Arguments.of("staff without full name", "/api/staff", aStaff(1, 1).without("fullName"), "fullName"),
                Arguments.of("staff without home site", "/api/staff", aStaff(1, 1).without("homeSiteId"), "homeSiteId"),
                Arguments.of("account without roles", "/api/accounts", anAccount("ADMIN").without("roles"), "roles"),
                Arguments.of("account without password", "/api/accounts", anAccount("ADMIN").without("password"), "password"),
                Arguments.of("officer account without staff", "/api/accounts", anAccount("OFFICER"), "staffId"),
                Arguments.of("agent without site", "/api/agents", anAgent(1).without("siteId"), "siteId"),
                Arguments.of("agent without name", "/api/agents", anAgent(1).without("name"), "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompleteBodies")
    void rejectsMissingRequiredFieldNamingIt(String what, String collection, Org.Body body, String field) {
        Reply r = unchanged(() -> admin.post(collection, body.fields()));
        assertError(r, 422, field);
        assertThat(r.json().get("details")).as("details of %s", r)
                .anySatisfy(d -> assertThat(d.asText()).contains(field));
    }

    // ---- accounts ----

    @Test
    void createsAccountsWithoutEverShowingPasswordHash() {
        long staffId = aStaff(departmentId, siteId).with("fullName", "Lê Thị Hồng Nhung").createdBy(admin);
        Reply officer = anOfficerAccount(staffId).create(admin);
        Reply supervisor = aSupervisorAccount(List.of(siteId), List.of(departmentId)).create(admin);

        assertThat(officer.json().get("roles")).extracting(JsonNode::asText).containsExactly("OFFICER");
        assertThat(officer.json().get("staffId").asLong()).isEqualTo(staffId);
        assertThat(supervisor.json().get("scopeSiteIds")).extracting(JsonNode::asLong).containsExactly(siteId);
        assertThat(supervisor.json().get("scopeDepartmentIds")).extracting(JsonNode::asLong).containsExactly(departmentId);

        String hash = DB.rows("select password_hash from user_account where id = ?", officer.id())
                .get(0).get("password_hash").toString();
        for (Reply r : List.of(officer, supervisor, admin.get("/api/accounts/" + officer.id()),
                admin.get("/api/accounts?size=200"), admin.put("/api/accounts/" + officer.id(),
                        anOfficerAccount(staffId).with("language", "en").fields()))) {
            assertThat(r.status()).isBetween(200, 201);
            assertThat(r.body()).doesNotContain(hash).doesNotContain("$2a$").doesNotContainIgnoringCase("password");
        }
    }

    @Test
    void findsAccountsByLinkedStaffNameWithoutDiacritics() {
        long staffId = aStaff(departmentId, siteId).with("fullName", "Phạm Đức Thắng " + Org.unique()).createdBy(admin);
        long account = anOfficerAccount(staffId).createdBy(admin);
        assertThat(ids(admin.get("/api/accounts?q=pham%20duc%20thang&size=200").json())).contains(account);
        assertThat(ids(admin.get("/api/accounts?role=OFFICER&q=pham%20duc%20thang&size=200").json())).contains(account);
        assertThat(ids(admin.get("/api/accounts?role=SUPERVISOR&q=pham%20duc%20thang&size=200").json())).doesNotContain(account);
    }

    @Test
    void rejectsUsernameAlreadyTaken() {
        Org.Body first = anAccount("SUPERVISOR");
        first.create(admin);
        Reply r = unchanged(() -> admin.post("/api/accounts", anAccount("SUPERVISOR")
                .with("username", first.get("username").toString().toUpperCase()).fields()));
        assertError(r, 409, "username");
    }

    @Test
    void rejectsScopeForNonSupervisorAndUnknownScopeSite() {
        Reply officerWithScope = unchanged(() -> admin.post("/api/accounts",
                anAccount("ADMIN").with("scopeSiteIds", List.of(siteId)).fields()));
        assertError(officerWithScope, 422, "scopeSiteIds");

        Reply unknownSite = unchanged(() -> admin.post("/api/accounts",
                aSupervisorAccount(List.of(987654L), List.of()).fields()));
        assertError(unknownSite, 422, "scopeSiteIds");
    }

    @Test
    void rejectsPasswordLongerThanBcryptReads() {
        Reply r = unchanged(() -> admin.post("/api/accounts", anAccount("SUPERVISOR").with("password", "ễ".repeat(25)).fields()));
        assertError(r, 422, "password");
    }

    @Test
    void deactivatedAccountKeepsItsRowAndCannotSignIn() {
        Org.Body body = anAccount("SUPERVISOR");
        long id = body.createdBy(admin);
        String token = Api.at(APP).login(body.get("username").toString(), Org.PASSWORD);

        Reply r = admin.post("/api/accounts/" + id + "/deactivate", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("active").asBoolean()).isFalse();
        assertThat(DB.rows("select active from user_account where id = ?", id)).containsExactly(Map.of("active", false));
        assertThat(Api.at(APP).as(token).get("/api/auth/me").status()).as("open session ended").isEqualTo(401);
        assertThat(Api.at(APP).post("/api/auth/login",
                Map.of("username", body.get("username"), "password", Org.PASSWORD)).status()).isEqualTo(401);

        assertThat(admin.post("/api/accounts/" + id + "/reactivate", null).json().get("active").asBoolean()).isTrue();
        assertThat(Api.at(APP).login(body.get("username").toString(), Org.PASSWORD)).isNotBlank();
    }

    @Test
    void settingPasswordEndsSessionsAndOnlyNewPasswordWorks() {
        Org.Body body = anAccount("SUPERVISOR");
        long id = body.createdBy(admin);
        String username = body.get("username").toString();
        String token = Api.at(APP).login(username, Org.PASSWORD);

        assertThat(admin.post("/api/accounts/" + id + "/password", Map.of("password", "mat-khau-moi-2026")).status())
                .isEqualTo(200);

        assertThat(Api.at(APP).as(token).get("/api/auth/me").status()).isEqualTo(401);
        assertThat(Api.at(APP).login(username, "mat-khau-moi-2026")).isNotBlank();
    }

    @Test
    void refusesToDeactivateOrDemoteLastActiveAdmin() {
        long secondAdmin = anAdminAccount().createdBy(admin);
        for (Map<String, Object> other : DB.rows(
                "select id from user_account where active and 'ADMIN' = any(roles) and username <> ?", ADMIN)) {
            assertThat(admin.post("/api/accounts/" + other.get("id") + "/deactivate", null).status()).isEqualTo(200);
        }
        assertThat(DB.rows("select active from user_account where id = ?", secondAdmin))
                .containsExactly(Map.of("active", false));
        long self = (Long) DB.rows("select id from user_account where username = ?", ADMIN).get(0).get("id");

        Reply deactivate = unchanged(() -> admin.post("/api/accounts/" + self + "/deactivate", null));
        assertError(deactivate, 409, "ADMIN");

        Reply demote = unchanged(() -> admin.put("/api/accounts/" + self, anAccount("SUPERVISOR").fields()));
        assertError(demote, 409, "ADMIN");

        assertThat(admin.get("/api/auth/me").status()).as("the last admin is still signed in").isEqualTo(200);
        admin.post("/api/accounts/" + secondAdmin + "/reactivate", null);
    }

    // ---- device agents ----

    @Test
    void agentTokenIsShownOnceAndStoredOnlyAsHash() {
        Reply created = anAgent(siteId).with("name", "Máy trạm quầy 1").create(admin);
        String token = created.json().get("token").asText();
        long id = created.json().get("agent").get("id").asLong();
        assertThat(token).startsWith("agt_").hasSizeGreaterThan(40);

        assertThat(admin.get("/api/agents/" + id).body()).doesNotContain(token);
        assertThat(admin.get("/api/agents?siteId=" + siteId).body()).doesNotContain(token);
        assertThat(DB.count("device_agent", "position('" + token + "' in device_agent::text) > 0")).isZero();
        assertThat(DB.count("audit_event", "position('" + token + "' in audit_event::text) > 0")).isZero();
        assertThat(DB.rows("select token_hash from device_agent where id = ?", id).get(0).get("token_hash"))
                .isEqualTo(Tokens.sha256(token));
    }

    @Test
    void agentTokenAuthenticatesUntilAgentIsDeactivated() {
        Reply created = anAgent(siteId).create(admin);
        String token = created.json().get("token").asText();
        long id = created.json().get("agent").get("id").asLong();
        Api agent = Api.at(APP).as(token);

        // No /api endpoint is open to agents yet: an accepted token is told "not allowed", a refused one "sign in".
        assertAgentAccepted(agent, id);

        assertThat(admin.post("/api/agents/" + id + "/deactivate", null).status()).isEqualTo(200);
        assertThat(agent.get("/api/sites").status()).isEqualTo(401);
        assertThat(DB.count("device_agent", "id = " + id)).isEqualTo(1);

        admin.post("/api/agents/" + id + "/reactivate", null);
        assertThat(agent.get("/api/sites").status()).isEqualTo(403);
    }

    @Test
    void rotatingAgentTokenRefusesTheOldOne() {
        Reply created = anAgent(siteId).create(admin);
        String oldToken = created.json().get("token").asText();
        long id = created.json().get("agent").get("id").asLong();

        Reply rotated = admin.post("/api/agents/" + id + "/rotate-token", null);

        assertThat(rotated.status()).isEqualTo(200);
        String newToken = rotated.json().get("token").asText();
        assertThat(newToken).startsWith("agt_").isNotEqualTo(oldToken);
        assertThat(Api.at(APP).as(oldToken).get("/api/sites").status()).isEqualTo(401);
        assertAgentAccepted(Api.at(APP).as(newToken), id);
        assertThat(rotated.json().get("agent").get("tokenPrefix").asText()).isEqualTo(newToken.substring(0, 10));
    }

    @Test
    void rejectsAgentAtUnknownSiteAndDuplicateNameAtSite() {
        assertError(unchanged(() -> admin.post("/api/agents", anAgent(987654).fields())), 422, "siteId");
        Org.Body first = anAgent(siteId);
        first.create(admin);
        assertError(unchanged(() -> admin.post("/api/agents", anAgent(siteId).with("name", first.get("name")).fields())),
                409, "name");
    }

    @Test
    void renamesAgentAndFindsItWithoutDiacritics() {
        long id = anAgent(siteId).create(admin).json().get("agent").get("id").asLong();
        Reply renamed = admin.put("/api/agents/" + id, Map.of("siteId", siteId, "name", "Máy chấm công tầng " + id));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(ids(admin.get("/api/agents?q=may%20cham%20cong%20tang%20" + id).json())).containsExactly(id);
    }

    // ---- helpers ----

    private static void assertAgentAccepted(Api agent, long agentId) {
        Reply r = agent.get("/api/sites");
        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(DB.rows("select last_seen_at is not null as seen from device_agent where id = ?", agentId))
                .containsExactly(Map.of("seen", true));
    }

    /** Runs a request that must fail, and checks that no organisation or audit row changed meanwhile. */
    private static Reply unchanged(Supplier<Reply> request) {
        Map<String, String> before = DB.snapshot();
        Reply r = request.get();
        assertThat(DB.snapshot()).as("rows after %s", r).isEqualTo(before);
        return r;
    }

    private static void assertError(Reply r, int status, String mentioned) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText() + " " + body.path("details")).as("%s", r).contains(mentioned);
    }

    static List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("id").asLong()).toList();
    }

    static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
