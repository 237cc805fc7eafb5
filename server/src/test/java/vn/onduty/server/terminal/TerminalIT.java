package vn.onduty.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Terminal.attlog;
import static vn.onduty.server.testing.Terminal.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.Scrape;
import vn.onduty.server.testing.Terminal;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * ZKTeco-family terminals over ADMS, through the real /iclock endpoints and the admin API on a real database: the
 * handshake's stamps, waiting terminals and their records kept aside, records stored exactly once, unreadable lines
 * kept aside while the rest is stored, PIN mappings claiming earlier punches, address ranges, refused terminals,
 * every command's round trip, and the clock offset in the health. Every test has its own terminal (serial number).
 */
class TerminalIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TerminalIT.class);

    /** A small bound on what a waiting terminal may keep, so that a test can reach it. */
    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB,
            Map.of("terminals.keptLinesWhileWaiting", "5"));

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** A Tuesday, a working day with the default calendar. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    static Api admin;
    static long site;
    static long department;

    @BeforeAll
    static void organisation() {
        Admins.create(DB, "quantri", "mat-khau-quan-tri-1");
        admin = Api.at(APP).loggedInAs("quantri", "mat-khau-quan-tri-1");
        site = aSite().createdBy(admin);
        department = aDepartment().createdBy(admin);
    }

    @Test
    void anUnknownSerialNumberWaitsStoresNoPunchAndItsKeptRecordsBecomePunchesOnAdoption() {
        Terminal t = Terminal.at(APP, Terminal.newSerialNumber());
        String options = ok(t.handshake());
        assertThat(options).startsWith("GET OPTION FROM: " + t.serialNumber() + "\n")
                .contains("\nATTLOGStamp=None\n", "\nOPERLOGStamp=None\n", "\nTimeZone=7\n", "\nRealtime=1\n",
                        "\nDelay=10\n", "\nErrorDelay=30\n", "\nTransInterval=1\n");
        assertThat(ok(t.upload("ATTLOG", "100", lines(
                attlog("11", DAY.atTime(7, 31, 5), 0), attlog("11", DAY.atTime(17, 2, 10), 1),
                attlog("12", DAY.atTime(7, 45), 0))))).isEqualTo("OK: 3\n");

        JsonNode waiting = terminal(t);
        assertThat(waiting.get("status").asText()).isEqualTo("waiting");
        assertThat(waiting.get("siteId").isNull()).isTrue();
        assertThat(waiting.get("lastSeenAt").isNull()).isFalse();
        assertThat(waiting.get("clockOffsetSeconds").isNull()).isTrue();
        assertThat(waiting.get("keptRecords").asLong()).isEqualTo(3);
        long id = waiting.get("id").asLong();
        assertThat(DB.count("punch", "terminal_id = " + id)).as("no punch before adoption").isZero();
        assertThat(punchesOf(id)).isEmpty();

        Reply adopted = admin.post("/api/terminals/" + id + "/adopt", Map.of("siteId", site, "name", "Cửa chính"));
        assertThat(adopted.status()).as("%s", adopted).isEqualTo(200);
        assertThat(adopted.json().get("status").asText()).isEqualTo("adopted");
        assertThat(adopted.json().get("siteId").asLong()).isEqualTo(site);

        List<JsonNode> punches = punchesOf(id);
        assertThat(punches).extracting(p -> p.get("pin").asText() + " " + p.get("at").asText() + " " + p.get("state").asInt())
                .containsExactly("11 2026-11-24T00:31:05Z 0", "12 2026-11-24T00:45:00Z 0", "11 2026-11-24T10:02:10Z 1");
        assertThat(punches).allSatisfy(p -> {
            assertThat(p.get("staffId").isNull()).isTrue();
            assertThat(p.get("siteId").asLong()).isEqualTo(site);
            assertThat(p.get("terminalName").asText()).isEqualTo("Cửa chính");
            assertThat(p.get("sensorId").isNull()).isTrue();
        });
        assertThat(DB.count("audit_event", "action = 'terminal.adopt' and entity_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void aWaitingTerminalKeepsOnlyUpToTheBoundAndIsAskedAgainFromTheFirstDayNotKeptOnAdoption() {
        Terminal t = Terminal.at(APP, Terminal.newSerialNumber());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            lines.add(attlog("40", DAY.minusDays(7 - i).atTime(7, 30), 0));
        }
        assertThat(ok(t.upload("ATTLOG", "7", String.join("\n", lines)))).isEqualTo("OK: 7\n");
        JsonNode waiting = terminal(t);
        assertThat(waiting.get("keptRecords").asLong()).isEqualTo(5);
        assertThat(waiting.get("overflowFrom").asText()).isEqualTo(DAY.minusDays(2).toString());

        long id = waiting.get("id").asLong();
        admin.post("/api/terminals/" + id + "/adopt", Map.of("siteId", site));
        assertThat(punchesOf(id)).hasSize(5);
        String poll = ok(t.poll());
        assertThat(poll).contains(":DATA QUERY ATTLOG StartTime=" + DAY.minusDays(2) + " 00:00:00\tEndTime=");
        // The terminal answers with the two records not kept: they become punches like any others.
        assertThat(ok(t.upload("ATTLOG", "7", String.join("\n", lines)))).isEqualTo("OK: 7\n");
        assertThat(punchesOf(id)).hasSize(7);
        assertThat(terminal(t).get("overflowFrom").isNull()).isTrue();
    }

    @Test
    void theHandshakeAnswersWithTheStampsOfWhatIsStored() {
        Terminal t = adoptedTerminal();
        ok(t.upload("ATTLOG", "9999", attlog("1", DAY.atTime(7, 20), 0)));
        assertThat(ok(t.handshake())).contains("\nATTLOGStamp=9999\n", "\nOPERLOGStamp=None\n");
        // Older records asked for again carry an older stamp: the terminal must not be told to send the newer again.
        ok(t.upload("ATTLOG", "5000", attlog("1", DAY.minusDays(1).atTime(7, 20), 0)));
        ok(t.upload("OPERLOG", "77", "USER PIN=1\tName=Lan\tPri=0\tPasswd=123\tCard=[0000]\tGrp=1\tTZ=0000000000000000"));
        assertThat(ok(t.handshake())).contains("\nATTLOGStamp=9999\n", "\nOPERLOGStamp=77\n");
        ok(t.upload("ATTLOG", "10042", attlog("1", DAY.atTime(17, 20), 1)));
        assertThat(ok(t.handshake())).contains("\nATTLOGStamp=10042\n");
    }

    @Test
    void aResentBatchAndTheWholeLogUploadedAgainChangeNothing() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        List<String> first = List.of(attlog("5", DAY.atTime(7, 28), 0), attlog("6", DAY.atTime(7, 29, 30), 0),
                attlog("5", DAY.atTime(7, 28, 4), 0));
        double counted = punchesCounted();
        assertThat(ok(t.upload("ATTLOG", "3", String.join("\n", first)))).isEqualTo("OK: 3\n");
        assertThat(ok(t.upload("ATTLOG", "3", String.join("\r\n", first) + "\r\n"))).isEqualTo("OK: 3\n");
        assertThat(punchesCounted()).as("onduty_punches_ingested_total: the resent batch adds nothing").isEqualTo(counted + 3);
        List<String> whole = new ArrayList<>(first);
        whole.add(attlog("5", DAY.atTime(17, 1), 1));
        whole.add(attlog("6", DAY.atTime(17, 3), 1));
        assertThat(ok(t.upload("ATTLOG", "5", String.join("\n", whole)))).isEqualTo("OK: 5\n");
        assertThat(punchesCounted()).as("of the whole log, the two new records").isEqualTo(counted + 5);
        assertThat(DB.count("terminal_record", "terminal_id = " + id)).isEqualTo(5);
        assertThat(DB.count("punch", "terminal_id = " + id)).isEqualTo(5);
        // Two punches seconds apart are two records: the terminal recorded both.
        assertThat(punchesOf(id)).extracting(p -> p.get("at").asText())
                .containsExactly("2026-11-24T00:28:00Z", "2026-11-24T00:28:04Z", "2026-11-24T00:29:30Z",
                        "2026-11-24T10:01:00Z", "2026-11-24T10:03:00Z");
    }

    @Test
    void aTerminalsTimeIsCheckedLikeAnAgentsAndAnUnbelievableOneIsFlaggedNotCounted() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        LocalDateTime tomorrow = LocalDateTime.now(ZONE).plusDays(1).withNano(0);
        // A flat clock battery says 2000; a clock set a day ahead; and one record that can be believed.
        assertThat(ok(t.upload("ATTLOG", "20", lines(attlog("41", LocalDateTime.of(2000, 1, 1, 7, 30), 0),
                attlog("41", tomorrow, 0), attlog("41", DAY.atTime(7, 31), 0))))).isEqualTo("OK: 3\n");
        assertThat(DB.rows("select to_char(at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day, time_flag"
                + " from punch where terminal_id = " + id + " order by at"))
                .containsExactly(TestDatabase.row("day", "2000-01-01", "time_flag", "before_horizon"),
                        TestDatabase.row("day", DAY.toString(), "time_flag", null),
                        TestDatabase.row("day", tomorrow.toLocalDate().toString(), "time_flag", "ahead"));
        JsonNode flagged = admin.get("/api/punches/time-flagged").json();
        List<String> ours = new ArrayList<>();
        for (JsonNode p : flagged.has("items") ? flagged.get("items") : flagged) {
            if (!p.get("terminalId").isNull() && p.get("terminalId").asLong() == id) {
                ours.add(p.get("timeFlag").asText());
            }
        }
        assertThat(ours).as("the admin's list of punches to accept").containsExactlyInAnyOrder("before_horizon", "ahead");
    }

    @Test
    void theMetricsCountTerminalsWaitingAdoptedAndOnline() {
        Scrape before = Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
        Terminal t = Terminal.at(APP, Terminal.newSerialNumber());
        ok(t.handshake());
        Scrape waiting = Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
        assertThat(waiting.value("onduty_terminals_waiting")).isEqualTo(before.value("onduty_terminals_waiting") + 1);
        assertThat(waiting.value("onduty_terminals_online")).as("a waiting terminal is not one of the center's yet")
                .isEqualTo(before.value("onduty_terminals_online"));
        long id = terminal(t).get("id").asLong();
        assertThat(admin.post("/api/terminals/" + id + "/adopt", Map.of("siteId", site)).status()).isEqualTo(200);
        Scrape adopted = Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"));
        assertThat(adopted.value("onduty_terminals_waiting")).isEqualTo(before.value("onduty_terminals_waiting"));
        assertThat(adopted.value("onduty_terminals_adopted")).isEqualTo(before.value("onduty_terminals_adopted") + 1);
        assertThat(adopted.value("onduty_terminals_online")).isEqualTo(before.value("onduty_terminals_online") + 1);
    }

    @Test
    void unreadableLinesAreKeptAsideWithTheirReasonWhileTheRestIsStored() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        String body = lines(attlog("8", DAY.atTime(7, 30), 0),
                "8\t2026-13-45 25:61:00\t0\t1\t0\t0\t0",
                attlog("9", DAY.atTime(7, 31), 0),
                "77",
                "\u0001\u0002\u00ff\tzz\t0",
                attlog("8", DAY.atTime(17, 30), 1));
        assertThat(ok(t.upload("ATTLOG", "6", body))).isEqualTo("OK: 6\n");
        assertThat(DB.count("terminal_record", "terminal_id = " + id)).isEqualTo(3);
        assertThat(DB.count("punch", "terminal_id = " + id)).isEqualTo(3);
        JsonNode rejected = admin.get("/api/terminals/" + id + "/rejected-lines").json();
        assertThat(rejected).extracting(r -> r.get("reasonCode").asText()).containsExactlyInAnyOrder("time", "fields", "pin");
        assertThat(rejected).extracting(r -> r.get("line").asText()).contains("8\t2026-13-45 25:61:00\t0\t1\t0\t0\t0", "77");
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.get("tableName").asText()).isEqualTo("ATTLOG");
            assertThat(r.get("timesSeen").asInt()).isEqualTo(1);
            assertThat(r.get("reason").asText()).isNotBlank();
        });
        // Sent again, the same batch stores nothing and only counts its unreadable lines again.
        assertThat(ok(t.upload("ATTLOG", "6", body))).isEqualTo("OK: 6\n");
        assertThat(DB.count("terminal_record", "terminal_id = " + id)).isEqualTo(3);
        JsonNode again = admin.get("/api/terminals/" + id + "/rejected-lines").json();
        assertThat(again).hasSize(3).allSatisfy(r -> assertThat(r.get("timesSeen").asInt()).isEqualTo(2));
        assertThat(terminal(t).get("health").get("rejectedLines").asLong()).isEqualTo(3);
    }

    @Test
    void mappingAPinGivesItsEarlierPunchesToTheOfficerAndTheirDayIsComputedFromThem() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        long officer = aStaff(department, site).createdBy(admin);
        ok(t.upload("ATTLOG", "2", lines(attlog("21", DAY.atTime(7, 25), 0), attlog("21", DAY.atTime(17, 5), 1))));
        assertThat(punchesOf(id)).allSatisfy(p -> assertThat(p.get("staffId").isNull()).isTrue());
        JsonNode pinList = admin.get("/api/terminals/" + id + "/pins").json();
        assertThat(pinList).anySatisfy(e -> {
            assertThat(e.get("pin").asText()).isEqualTo("21");
            assertThat(e.get("staffId").isNull()).isTrue();
            assertThat(e.get("unresolvedPunches").asLong()).isEqualTo(2);
        });
        assertThat(terminal(t).get("health").get("unmappedPins").asLong()).isEqualTo(1);

        Reply mapped = admin.put("/api/terminals/" + id + "/pins/21", Map.of("staffId", officer));
        assertThat(mapped.status()).as("%s", mapped).isEqualTo(200);
        assertThat(mapped.json().get("staffId").asLong()).isEqualTo(officer);
        assertThat(mapped.json().get("unresolvedPunches").asLong()).isZero();
        assertThat(punchesOf(id)).allSatisfy(p -> assertThat(p.get("staffId").asLong()).isEqualTo(officer));
        assertThat(terminal(t).get("health").get("unmappedPins").asLong()).isZero();

        JsonNode month = admin.get("/api/attendance/monthly?staffId=" + officer + "&month=2026-11").json();
        JsonNode day = null;
        for (JsonNode d : month.get("days")) {
            if (d.get("date").asText().equals(DAY.toString())) {
                day = d;
            }
        }
        assertThat(day).isNotNull();
        assertThat(day.get("punches")).extracting(p -> p.get("source").asText()).containsExactly("TERMINAL", "TERMINAL");
        JsonNode morning = day.get("sessions").get(0);
        assertThat(morning.get("status").asText()).isEqualTo("WORKED");
        assertThat(morning.get("inAt").asText()).isEqualTo("2026-11-24T00:25:00Z");
        assertThat(DB.count("audit_event", "action = 'terminal.pin.map' and entity_id = '" + id + "'")).isEqualTo(1);

        // Mapped anew from now, the PIN's earlier punches stay with the officer they went to.
        long other = aStaff(department, site).createdBy(admin);
        admin.put("/api/terminals/" + id + "/pins/21", Map.of("staffId", other));
        assertThat(punchesOf(id)).allSatisfy(p -> assertThat(p.get("staffId").asLong()).isEqualTo(officer));
    }

    @Test
    void aPinThatIsAStaffCodeIsMappedByItself() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        String code = "CB" + (900_000 + Org.unique());
        long officer = aStaff(department, site).with("code", code).createdBy(admin);
        ok(t.upload("OPERLOG", "1", "USER PIN=" + code + "\tName=Tran Binh\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0\n"
                + "FP PIN=" + code + "\tFID=6\tSize=1180\tValid=1\tTMP=TVNTUzIxAAAD"));
        ok(t.upload("ATTLOG", "1", attlog(code, DAY.atTime(7, 22), 0)));
        assertThat(punchesOf(id)).singleElement().satisfies(p -> assertThat(p.get("staffId").asLong()).isEqualTo(officer));
        JsonNode entry = admin.get("/api/terminals/" + id + "/pins").json().get(0);
        assertThat(entry.get("how").asText()).isEqualTo("staff_code");
        assertThat(entry.get("nameOnTerminal").asText()).isEqualTo("Tran Binh");
        // The template line was dropped unread: nothing of it anywhere.
        assertThat(DB.count("terminal_rejected_line", "terminal_id = " + id)).isZero();
        assertThat(DB.count("audit_event", "after::text like '%TVNTUzIxAAAD%'")).isZero();
    }

    @Test
    void anAddressRangeRefusesTheTerminalFromOutsideIt() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        Reply bad = admin.put("/api/terminals/" + id + "/settings", Map.of("allowedRange", "10.0.0.300/24"));
        assertThat(bad.status()).as("%s", bad).isEqualTo(422);
        assertThat(bad.json().get("details").get(0).asText()).startsWith("allowedRange");
        Reply set = admin.put("/api/terminals/" + id + "/settings", Map.of("allowedRange", "10.20.30.7/24"));
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.json().get("allowedRange").asText()).isEqualTo("10.20.30.0/24");

        Reply refused = t.upload("ATTLOG", "1", attlog("3", DAY.atTime(7, 40), 0));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("outside the range");
        assertThat(t.handshake().status()).isEqualTo(403);
        assertThat(DB.count("terminal_record", "terminal_id = " + id)).isZero();
        JsonNode after = terminal(t);
        assertThat(after.get("refusedAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(after.get("refusedAt").isNull()).isFalse();

        admin.put("/api/terminals/" + id + "/settings", Map.of("allowedRange", "127.0.0.0/8"));
        assertThat(ok(t.upload("ATTLOG", "1", attlog("3", DAY.atTime(7, 40), 0)))).isEqualTo("OK: 1\n");
        assertThat(DB.count("terminal_record", "terminal_id = " + id)).isEqualTo(1);
        assertThat(DB.count("audit_event", "action = 'terminal.settings' and entity_id = '" + id + "'")).isEqualTo(2);
    }

    @Test
    void aRefusedTerminalIsAnsweredAndNothingMoreIsStored() {
        Terminal t = Terminal.at(APP, Terminal.newSerialNumber());
        ok(t.upload("ATTLOG", "1", attlog("4", DAY.atTime(7, 10), 0)));
        long id = terminal(t).get("id").asLong();
        Reply refused = admin.post("/api/terminals/" + id + "/refuse", null);
        assertThat(refused.json().get("status").asText()).isEqualTo("refused");
        var before = DB.snapshot(List.of("terminal", "terminal_record", "terminal_user", "terminal_rejected_line",
                "terminal_command", "punch"));
        assertThat(ok(t.handshake())).startsWith("GET OPTION FROM: ");
        assertThat(ok(t.upload("ATTLOG", "2", lines(attlog("4", DAY.atTime(17, 10), 1), "garbage")))).isEqualTo("OK: 2\n");
        assertThat(ok(t.upload("OPERLOG", "2", "USER PIN=4\tName=X"))).isEqualTo("OK: 1\n");
        assertThat(ok(t.poll())).isEqualTo("OK\n");
        assertThat(DB.snapshot(List.of("terminal", "terminal_record", "terminal_user", "terminal_rejected_line",
                "terminal_command", "punch"))).isEqualTo(before);
        Reply command = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "info"));
        assertThat(command.status()).isEqualTo(409);
    }

    @Test
    void pushingAnOfficerDeletingAPinAndAskingForInformationMakeTheRoundTrip() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        long officer = aStaff(department, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);

        Reply queued = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "user_update", "staffId", officer,
                "pin", "31"));
        assertThat(queued.status()).as("%s", queued).isEqualTo(202);
        long push = queued.id();
        assertThat(queued.json().get("status").asText()).isEqualTo("PENDING");
        String poll = ok(t.poll());
        assertThat(poll).isEqualTo("C:" + push + ":DATA UPDATE USERINFO PIN=31\tName=Nguyễn Thị Lan\tPri=0\tPasswd=\tCard=\tGrp=1"
                + "\tTZ=0000000000000000\n");
        assertThat(command(id, push).get("status").asText()).isEqualTo("SENT");
        assertThat(ok(t.poll())).as("handed over once").isEqualTo("OK\n");
        assertThat(ok(t.result("ID=" + push + "&Return=0&CMD=DATA\n"))).isEqualTo("OK\n");
        assertThat(command(id, push).get("status").asText()).isEqualTo("DONE");
        JsonNode pin = pinEntry(id, "31");
        assertThat(pin.get("staffId").asLong()).isEqualTo(officer);
        assertThat(pin.get("how").asText()).isEqualTo("command");
        assertThat(pin.get("nameOnTerminal").asText()).isEqualTo("Nguyễn Thị Lan");

        long delete = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "user_delete", "pin", "31")).id();
        assertThat(ok(t.poll())).isEqualTo("C:" + delete + ":DATA DELETE USERINFO PIN=31\n");
        ok(t.result("ID=" + delete + "&Return=0&CMD=DATA"));
        assertThat(pinEntry(id, "31").get("staffId").isNull()).as("the PIN's mapping ended").isTrue();
        assertThat(pinEntry(id, "31").get("removedAt").isNull()).isFalse();

        long info = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "info")).id();
        assertThat(ok(t.poll())).isEqualTo("C:" + info + ":INFO\n");
        ok(t.result("ID=" + info + "&Return=0&CMD=INFO\n~DeviceName=MB460\nFWVersion=Ver 6.60 Sep 23 2015\n"
                + "UserCount=3\nTransactionCount=120\n~OEMVendor=ZKTECO CO., LTD."));
        JsonNode after = terminal(t);
        assertThat(after.get("model").asText()).isEqualTo("MB460");
        assertThat(after.get("firmware").asText()).isEqualTo("Ver 6.60 Sep 23 2015");
        assertThat(after.get("info").get("TransactionCount").asText()).isEqualTo("120");
        assertThat(command(id, info).get("result").get("OEMVendor").asText()).isEqualTo("ZKTECO CO., LTD.");

        long missing = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "user_delete", "pin", "99")).id();
        ok(t.poll());
        ok(t.result("ID=" + missing + "&Return=-10&CMD=DATA"));
        JsonNode failed = command(id, missing);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("returnCode").asInt()).isEqualTo(-10);
    }

    @Test
    void uploadingTheLogAgainSettingTheClockCancellingAndExpiringMakeTheRoundTrip() {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        Reply noDate = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "reupload"));
        assertThat(noDate.status()).isEqualTo(422);
        long reupload = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "reupload", "from", "2026-11-01")).id();
        LocalDate today = LocalDate.now(ZONE);
        assertThat(ok(t.poll())).isEqualTo("C:" + reupload + ":DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime="
                + today.plusDays(1) + " 23:59:59\n");
        ok(t.result("ID=" + reupload + "&Return=120&CMD=DATA"));
        assertThat(command(id, reupload).get("status").asText()).isEqualTo("DONE");

        // The clock is ahead by five minutes: measured from a realtime push, flagged, then set from the server.
        ok(t.upload("ATTLOG", "1", attlog("2", LocalDateTime.now(ZONE).plusMinutes(5), 0)));
        JsonNode ahead = terminal(t);
        assertThat(ahead.get("clockOffsetSeconds").asInt()).isBetween(290, 305);
        assertThat(ahead.get("health").get("clockOff").asBoolean()).isTrue();
        assertThat(adminHealth()).contains(t.serialNumber()).contains("clock");
        long clockCommand = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "set_clock")).id();
        String poll = ok(t.poll());
        Matcher m = Pattern.compile("C:" + clockCommand + ":SET OPTION DateTime=(\\d+)\n").matcher(poll);
        assertThat(m.matches()).as(poll).isTrue();
        LocalDateTime set = IclockReplies.decodeTime(Long.parseLong(m.group(1)));
        assertThat(Duration.between(set, LocalDateTime.now(ZONE)).abs()).isLessThan(Duration.ofSeconds(30));
        ok(t.result("ID=" + clockCommand + "&Return=0&CMD=SET OPTION"));
        JsonNode set2 = terminal(t);
        assertThat(set2.get("clockOffsetSeconds").isNull()).isTrue();
        assertThat(set2.get("health").get("clockOff").asBoolean()).isFalse();

        long cancelled = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "info")).id();
        Reply cancel = admin.post("/api/terminals/commands/" + cancelled + "/cancel", null);
        assertThat(cancel.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(ok(t.poll())).isEqualTo("OK\n");
        assertThat(admin.post("/api/terminals/commands/" + cancelled + "/cancel", null).status()).isEqualTo(409);

        long expiring = admin.post("/api/terminals/" + id + "/commands", Map.of("type", "info")).id();
        ok(t.poll());
        DB.jdbi().useHandle(h -> h.execute("update terminal_command set sent_at = now() - interval '1 hour' where id = ?",
                expiring));
        assertThat(command(id, expiring).get("status").asText()).isEqualTo("EXPIRED");
        // A late answer is still taken: the terminal did what it did.
        ok(t.result("ID=" + expiring + "&Return=0&CMD=INFO\n~DeviceName=K40"));
        assertThat(command(id, expiring).get("status").asText()).isEqualTo("DONE");
    }

    @Test
    void aTerminalSilentForTenMinutesDuringWorkingHoursIsFlaggedAndOneCallClearsIt() {
        // A site open around the clock, so that "now" is in a session whenever the test runs.
        long allDay = aSite().createdBy(admin);
        List<Map<String, Object>> week = new ArrayList<>();
        for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            week.add(Map.of("weekday", d, "part", "MORNING", "start", "00:00", "end", "12:00"));
            week.add(Map.of("weekday", d, "part", "AFTERNOON", "start", "12:00", "end", "23:59"));
        }
        assertThat(admin.put("/api/sites/" + allDay + "/calendar", Map.of("lateGraceMinutes", 5, "earlyLeaveGraceMinutes", 5,
                "punchInBeforeMinutes", 60, "punchOutAfterMinutes", 120, "sessions", week, "seasons", List.of(),
                "dutySaturdays", List.of())).status()).isEqualTo(200);
        LocalDate today = LocalDate.now(ZONE);
        JsonNode day = admin.get("/api/sites/" + allDay + "/calendar/days?from=" + today + "&to=" + today).json()
                .get("days").get(0);
        org.junit.jupiter.api.Assumptions.assumeTrue(day.get("open").asBoolean() && LocalDateTime.now(ZONE).getHour() < 23,
                "a public holiday, or the last hour of the day: no session in progress");
        Terminal t = adoptedTerminal(allDay);
        long id = terminal(t).get("id").asLong();
        assertThat(terminal(t).get("health").get("silent").asBoolean()).isFalse();

        DB.jdbi().useHandle(h -> h.execute("update terminal set last_seen_at = now() - interval '11 minutes' where id = ?", id));
        assertThat(terminal(t).get("health").get("silent").asBoolean()).isTrue();
        assertThat(adminHealth()).contains(t.serialNumber() + " at ", "silent since");
        ok(t.poll());
        assertThat(terminal(t).get("health").get("silent").asBoolean()).isFalse();
        // Nine minutes is not yet ten.
        DB.jdbi().useHandle(h -> h.execute("update terminal set last_seen_at = now() - interval '9 minutes' where id = ?", id));
        assertThat(terminal(t).get("health").get("silent").asBoolean()).isFalse();
    }

    @Test
    void pollsWriteNothingWhileTheLastContactIsFreshAndDoNotWaitForAnAdminHoldingTheTerminal() throws Exception {
        Terminal t = adoptedTerminal();
        long id = terminal(t).get("id").asLong();
        ok(t.poll());
        String version = rowVersion(id);

        for (int i = 0; i < 5; i++) {
            assertThat(ok(t.poll())).isEqualTo("OK\n");
        }
        assertThat(ok(t.ping())).isEqualTo("OK\n");

        // No new row version: the contact stored a moment ago stands (a poll every few seconds wrote one each).
        assertThat(rowVersion(id)).isEqualTo(version);
        // A contact older than half a minute is written again.
        DB.jdbi().useHandle(h -> h.execute("update terminal set last_seen_at = now() - interval '31 seconds' where id = ?", id));
        ok(t.poll());
        assertThat(DB.rows("select last_seen_at > now() - interval '10 seconds' as fresh from terminal where id = ?", id)
                .get(0).get("fresh")).isEqualTo(true);

        // An admin's decision holds the row until it commits; a poll meanwhile is answered without waiting for it.
        try (var held = DB.jdbi().open()) {
            held.begin();
            held.execute("select id from terminal where id = ? for update", id);
            java.util.concurrent.CompletableFuture<Reply> poll = java.util.concurrent.CompletableFuture.supplyAsync(t::poll);
            assertThat(ok(poll.get(10, java.util.concurrent.TimeUnit.SECONDS))).isEqualTo("OK\n");
            held.rollback();
        }
    }

    /** The terminal row's version (xmin): a new one for every update that wrote the row. */
    private static String rowVersion(long id) {
        return String.valueOf(DB.rows("select cast(xmin as text) as v from terminal where id = ?", id).get(0).get("v"));
    }

    @Test
    void anOfficerIsPushedToEveryAdoptedTerminalOfTheSiteUnderOnePin() {
        long otherSite = aSite().createdBy(admin);
        Terminal a = adoptedTerminal(otherSite);
        Terminal b = adoptedTerminal(otherSite);
        long officer = aStaff(department, otherSite).createdBy(admin);
        Reply pushed = admin.post("/api/terminals/push", Map.of("siteId", otherSite, "staffId", officer));
        assertThat(pushed.status()).as("%s", pushed).isEqualTo(202);
        assertThat(pushed.json()).hasSize(2).extracting(c -> c.get("pin").asText()).containsOnly("1");
        assertThat(ok(a.poll())).contains(":DATA UPDATE USERINFO PIN=1\t");
        assertThat(ok(b.poll())).contains(":DATA UPDATE USERINFO PIN=1\t");
        // The next officer gets the next free number.
        long next = aStaff(department, otherSite).createdBy(admin);
        assertThat(admin.post("/api/terminals/push", Map.of("siteId", otherSite, "staffId", next)).json())
                .extracting(c -> c.get("pin").asText()).containsOnly("2");
    }

    @Test
    void olderFirmwareCallsTheSamePathsWithAspx() {
        Terminal t = adoptedTerminal();
        Api http = Api.at(APP).withHeader("Accept", "*/*");
        assertThat(ok(http.get("/iclock/cdata.aspx?SN=" + t.serialNumber() + "&options=all"))).startsWith("GET OPTION FROM: ");
        assertThat(ok(http.send("POST", "/iclock/cdata.aspx?SN=" + t.serialNumber() + "&table=ATTLOG&Stamp=1", "text/plain",
                attlog("1", DAY.atTime(7, 1), 0)))).isEqualTo("OK: 1\n");
        assertThat(ok(http.get("/iclock/getrequest.aspx?SN=" + t.serialNumber()))).isEqualTo("OK\n");
        assertThat(ok(http.get("/iclock/ping?SN=" + t.serialNumber()))).isEqualTo("OK\n");
        assertThat(ok(http.get("/iclock/rtdata?SN=" + t.serialNumber() + "&type=time"))).startsWith("DateTime=").contains(",ServerTZ=+0700");
        assertThat(ok(http.send("POST", "/iclock/registry?SN=" + t.serialNumber(), "text/plain",
                "DeviceType=att,~DeviceName=SpeedFace-V5L,FirmVer=ZAM180"))).startsWith("RegistryCode=");
        assertThat(ok(http.send("POST", "/iclock/push?SN=" + t.serialNumber(), "text/plain", ""))).contains("Realtime=1");
        assertThat(ok(http.send("POST", "/iclock/fdata?SN=" + t.serialNumber(), "application/octet-stream", "JPEG"))).isEqualTo("OK\n");
        assertThat(http.get("/iclock/cdata?options=all").status()).as("no serial number").isEqualTo(400);
    }

    // ---- helpers ----

    static Terminal adoptedTerminal() {
        return adoptedTerminal(site);
    }

    static Terminal adoptedTerminal(long siteId) {
        Terminal t = Terminal.at(APP, Terminal.newSerialNumber());
        ok(t.handshake());
        long id = terminal(t).get("id").asLong();
        Reply r = admin.post("/api/terminals/" + id + "/adopt", Map.of("siteId", siteId));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        // The information the server asks every new terminal for is handed over here, out of the tests' way.
        assertThat(ok(t.poll())).contains(":INFO\n");
        return t;
    }

    static JsonNode terminal(Terminal t) {
        for (JsonNode n : admin.get("/api/terminals").json()) {
            if (n.get("serialNumber").asText().equals(t.serialNumber())) {
                return n;
            }
        }
        throw new AssertionError("no terminal " + t.serialNumber() + " in GET /api/terminals");
    }

    /** The terminals' punches counted in the server's metrics (admin port), as Prometheus scrapes them. */
    static double punchesCounted() {
        return Scrape.of(Api.at(APP.getAdminPort()).get("/metrics"))
                .valueOrZero("onduty_punches_ingested_total{source=\"terminal\"}");
    }

    static List<JsonNode> punchesOf(long terminalId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : admin.get("/api/punches?from=2026-01-01&to=" + LocalDate.now(ZONE).plusDays(1) + "&size=200")
                .json().get("items")) {
            if (!p.get("terminalId").isNull() && p.get("terminalId").asLong() == terminalId) {
                out.add(p);
            }
        }
        return out;
    }

    static JsonNode command(long terminalId, long commandId) {
        for (JsonNode c : admin.get("/api/terminals/" + terminalId + "/commands").json()) {
            if (c.get("id").asLong() == commandId) {
                return c;
            }
        }
        throw new AssertionError("no command " + commandId);
    }

    static JsonNode pinEntry(long terminalId, String pin) {
        for (JsonNode e : admin.get("/api/terminals/" + terminalId + "/pins").json()) {
            if (e.get("pin").asText().equals(pin)) {
                return e;
            }
        }
        throw new AssertionError("no PIN " + pin);
    }

    static String adminHealth() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
