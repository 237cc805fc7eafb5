package vn.onduty.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.anAccount;
import static vn.onduty.server.testing.Org.anAgent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeAll;
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

/** The append-only audit log: who signed in or failed to, and who changed what, from what to what. */
class AuditIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AuditIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String ADMIN_PASSWORD = "admin-password-1";
    static long adminId;
    static Api admin;

    @BeforeAll
    static void signIn() {
        adminId = Admins.create(DB, "kiemtra", ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs("kiemtra", ADMIN_PASSWORD);
    }

    /** One audit row as stored. */
    record Event(String actor, Long actorUserId, String action, String entityType, String entityId, JsonNode before,
                 JsonNode after, String ip) {}

    @Test
    void recordsSuccessfulLoginWithAccountAndKind() {
        Org.Body body = anAccount("SUPERVISOR");
        long id = body.createdBy(admin);
        Api.at(APP).login(body.get("username").toString(), Org.PASSWORD);

        List<Event> events = events("action = 'login.success' and entity_id = '" + id + "'");
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.actor()).isEqualTo(body.get("username"));
        assertThat(e.actorUserId()).isEqualTo(id);
        assertThat(e.after().get("kind").asText()).isEqualTo("API");
        assertThat(e.ip()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void recordsFailedLoginsWithReasonButNeverThePassword() {
        Org.Body body = anAccount("SUPERVISOR");
        long id = body.createdBy(admin);
        String username = body.get("username").toString();

        assertThat(Api.at(APP).post("/api/auth/login", Map.of("username", username, "password", "sai-mat-khau-123"))
                .status()).isEqualTo(401);
        assertThat(Api.at(APP).post("/api/auth/login", Map.of("username", "khongco" + Org.unique(), "password", "sai-mat-khau-123"))
                .status()).isEqualTo(401);

        List<Event> wrongPassword = events("action = 'login.failure' and entity_id = '" + username + "'");
        assertThat(wrongPassword).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(username);
            assertThat(e.actorUserId()).isEqualTo(id);
            assertThat(e.after().get("reason").asText()).isEqualTo("wrong password");
        });
        assertThat(events("action = 'login.failure' and after->>'reason' = 'unknown user'")).isNotEmpty();
        assertThat(DB.count("audit_event", "audit_event::text like '%sai-mat-khau-123%'")).isZero();
    }

    @Test
    void recordsEverySiteChangeWithBeforeAndAfter() {
        Org.Body body = aSite().with("name", "Trung tâm HCC Quảng Điền " + Org.unique());
        long id = body.createdBy(admin);
        String newName = "Trung tâm HCC Phong Điền " + Org.unique();
        assertThat(admin.put("/api/sites/" + id, body.with("name", newName).fields()).status()).isEqualTo(200);
        changeActive("/api/sites/" + id);

        List<Event> trail = trail("site", id, "site.create", "site.update", "site.deactivate", "site.reactivate");
        assertThat(trail.get(0).after().get("name").asText()).startsWith("Trung tâm HCC Quảng Điền");
        assertThat(trail.get(1).before().get("name").asText()).startsWith("Trung tâm HCC Quảng Điền");
        assertThat(trail.get(1).after().get("name").asText()).isEqualTo(newName);
    }

    @Test
    void recordsEveryDepartmentChangeWithBeforeAndAfter() {
        Org.Body body = aDepartment();
        long id = body.createdBy(admin);
        admin.put("/api/departments/" + id, body.with("name", "Sở Nội vụ " + id).fields());
        changeActive("/api/departments/" + id);

        List<Event> trail = trail("department", id, "department.create", "department.update",
                "department.deactivate", "department.reactivate");
        assertThat(trail.get(1).after().get("name").asText()).isEqualTo("Sở Nội vụ " + id);
    }

    @Test
    void recordsEveryCounterChangeWithBeforeAndAfter() {
        long site = aSite().createdBy(admin);
        Org.Body body = aCounter(site).with("number", 3);
        long id = body.createdBy(admin);
        admin.put("/api/counters/" + id, body.with("number", 4).fields());
        changeActive("/api/counters/" + id);

        List<Event> trail = trail("counter", id, "counter.create", "counter.update", "counter.deactivate",
                "counter.reactivate");
        assertThat(trail.get(1).before().get("number").asInt()).isEqualTo(3);
        assertThat(trail.get(1).after().get("number").asInt()).isEqualTo(4);
    }

    @Test
    void recordsEveryStaffChangeWithBeforeAndAfter() {
        long site = aSite().createdBy(admin);
        long department = aDepartment().createdBy(admin);
        Org.Body body = aStaff(department, site).with("fullName", "Võ Thị Sáu");
        long id = body.createdBy(admin);
        admin.put("/api/staff/" + id, body.with("position", "Phó Giám đốc").fields());
        changeActive("/api/staff/" + id);

        List<Event> trail = trail("staff", id, "staff.create", "staff.update", "staff.deactivate", "staff.reactivate");
        assertThat(trail.get(0).after().get("fullName").asText()).isEqualTo("Võ Thị Sáu");
        assertThat(trail.get(1).before().get("position").asText()).isEqualTo("Chuyên viên");
        assertThat(trail.get(1).after().get("position").asText()).isEqualTo("Phó Giám đốc");
    }

    @Test
    void recordsEveryAccountChangeWithoutPasswords() {
        Org.Body body = anAccount("SUPERVISOR");
        long id = body.createdBy(admin);
        admin.put("/api/accounts/" + id, body.with("roles", List.of("SUPERVISOR", "ADMIN")).fields());
        admin.post("/api/accounts/" + id + "/password", Map.of("password", "mat-khau-moi-2026"));
        changeActive("/api/accounts/" + id);

        List<Event> trail = trail("user_account", id, "account.create", "account.update", "account.password_reset",
                "account.deactivate", "account.reactivate");
        assertThat(trail.get(1).before().get("roles")).extracting(JsonNode::asText).containsExactly("SUPERVISOR");
        assertThat(trail.get(1).after().get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "SUPERVISOR");
        String hash = DB.rows("select password_hash from user_account where id = ?", id).get(0).get("password_hash").toString();
        assertThat(DB.count("audit_event", "entity_type = 'user_account' and entity_id = '" + id + "' and ("
                + "audit_event::text like '%mat-khau-moi-2026%' or audit_event::text like '%" + Org.PASSWORD + "%' "
                + "or position('" + hash + "' in audit_event::text) > 0 or audit_event::text like '%$2a$%')")).isZero();
    }

    @Test
    void recordsEveryAgentChangeWithoutTokens() {
        long site = aSite().createdBy(admin);
        Reply created = anAgent(site).create(admin);
        long id = created.json().get("agent").get("id").asLong();
        admin.put("/api/agents/" + id, Map.of("siteId", site, "name", "Máy trạm tầng 2"));
        String newToken = admin.post("/api/agents/" + id + "/rotate-token", null).json().get("token").asText();
        changeActive("/api/agents/" + id);

        List<Event> trail = trail("device_agent", id, "agent.create", "agent.update", "agent.rotate_token",
                "agent.deactivate", "agent.reactivate");
        assertThat(trail.get(1).after().get("name").asText()).isEqualTo("Máy trạm tầng 2");
        assertThat(trail.get(2).after().get("tokenPrefix").asText()).isEqualTo(newToken.substring(0, 10));
        for (String token : List.of(created.json().get("token").asText(), newToken)) {
            assertThat(DB.count("audit_event", "position('" + token + "' in audit_event::text) > 0")).isZero();
        }
    }

    @Test
    void admitsReadingTheLogThroughTheApiNewestFirst() {
        long id = aSite().createdBy(admin);
        admin.post("/api/sites/" + id + "/deactivate", null);

        JsonNode page = admin.get("/api/audit?entityType=site&entityId=" + id).json();

        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("items")).extracting(i -> i.get("action").asText())
                .containsExactly("site.deactivate", "site.create");
        assertThat(admin.get("/api/audit?action=site.&actor=KIEMTRA&entityId=" + id).json().get("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void databaseRefusesToUpdateAuditRows() {
        long id = aSite().createdBy(admin);
        String before = DB.snapshot().get("audit_event");

        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute(
                "update audit_event set actor = 'someone else' where entity_type = 'site' and entity_id = ?",
                String.valueOf(id))))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("append-only");

        assertThat(DB.snapshot().get("audit_event")).isEqualTo(before);
    }

    @Test
    void databaseRefusesToDeleteOrTruncateAuditRows() {
        aSite().createdBy(admin);
        String before = DB.snapshot().get("audit_event");

        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute("delete from audit_event")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute("truncate audit_event")))
                .hasMessageContaining("append-only");

        assertThat(DB.snapshot().get("audit_event")).isEqualTo(before);
    }

    // ---- helpers ----

    private static void changeActive(String resource) {
        assertThat(admin.post(resource + "/deactivate", null).status()).isEqualTo(200);
        assertThat(admin.post(resource + "/reactivate", null).status()).isEqualTo(200);
    }

    /** The entity's audit rows in order; each is by the admin, and create has no before, the others both. */
    private static List<Event> trail(String entityType, long id, String... actions) {
        List<Event> trail = events("entity_type = '" + entityType + "' and entity_id = '" + id + "'");
        assertThat(trail).extracting(Event::action).containsExactly(actions);
        for (Event e : trail) {
            assertThat(e.actor()).isEqualTo("kiemtra");
            assertThat(e.actorUserId()).isEqualTo(adminId);
            assertThat(e.ip()).isNotBlank();
            assertThat(e.after()).as("after of %s", e.action()).isNotNull();
            if (e.action().endsWith(".create")) {
                assertThat(e.before()).isNull();
                assertThat(e.after().get("id").asLong()).isEqualTo(id);
            } else if (!e.action().equals("account.password_reset")) {
                assertThat(e.before()).as("before of %s", e.action()).isNotNull();
            }
            if (e.action().endsWith(".deactivate")) {
                assertThat(e.before().get("active").asBoolean()).isTrue();
                assertThat(e.after().get("active").asBoolean()).isFalse();
            }
        }
        return trail;
    }

    private static List<Event> events(String where) {
        return DB.rows("select actor, actor_user_id, action, entity_type, entity_id, before::text as before, "
                        + "after::text as after, ip from audit_event where " + where + " order by id")
                .stream()
                .map(r -> new Event((String) r.get("actor"), (Long) r.get("actor_user_id"), (String) r.get("action"),
                        (String) r.get("entity_type"), (String) r.get("entity_id"), json(r.get("before")),
                        json(r.get("after")), (String) r.get("ip")))
                .toList();
    }

    private static JsonNode json(Object text) {
        try {
            return text == null ? null : Api.JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
