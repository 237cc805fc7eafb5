package vn.onduty.server.timesheet;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
 * The monthly timesheet as the timekeeper files it: cells from the month's attendance, the same in JSON and in
 * the XLSX read back with POI, scoped to the supervisors of the site or department, frozen by a lock that only an
 * admin lifts, with a legend an admin edits. Each test uses its own month, so their attendance does not mix.
 */
class TimesheetIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TimesheetIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;
    static long site;
    static long otherSite;
    static long tuPhap;
    static long noiVu;
    static long lan;
    static long nam;
    static long hoa;
    static Api supervisorOfSite;
    static Api supervisorOfTuPhap;
    static Api supervisorOfOtherSite;
    static Api officerLan;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("name", "Trung tâm PVHCC tỉnh Thừa Thiên Huế").createdBy(admin);
        otherSite = aSite().createdBy(admin);
        tuPhap = aDepartment().with("name", "Sở Tư pháp").createdBy(admin);
        noiVu = aDepartment().with("name", "Sở Nội vụ").createdBy(admin);
        lan = aStaff(tuPhap, site).with("fullName", "Nguyễn Thị Lan").with("position", "Chuyên viên").createdBy(admin);
        hoa = aStaff(tuPhap, site).with("fullName", "Lê Thị Hoa").createdBy(admin);
        nam = aStaff(noiVu, site).with("fullName", "Hoàng Văn Nam").createdBy(admin);
        aStaff(noiVu, otherSite).with("fullName", "Phan Văn Khác").createdBy(admin);
        Org.Body siteLead = aSupervisorAccount(List.of(site), List.of());
        supervisorOfSiteName = siteLead.get("username").toString();
        supervisorOfSite = signIn(siteLead);
        supervisorOfTuPhap = signIn(aSupervisorAccount(List.of(), List.of(tuPhap)));
        supervisorOfOtherSite = signIn(aSupervisorAccount(List.of(otherSite), List.of()));
        officerLan = signIn(anOfficerAccount(lan));
    }

    static String supervisorOfSiteName;

    private static Api signIn(Org.Body account) {
        account.create(admin);
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    /** Stores what attendance computed for one session (the sheet reads nothing else). */
    static void attended(long staff, String date, String part, String status, String leaveCode) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into attendance_session (staff_id, work_date, part, site_id, status, leave_code)
                values (?, cast(? as date), ?, ?, ?, ?)
                on conflict (staff_id, work_date, part) do update set status = excluded.status, leave_code = excluded.leave_code
                """, staff, date, part, site, status, leaveCode));
    }

    static void day(long staff, String date, String status) {
        attended(staff, date, "MORNING", status, null);
        attended(staff, date, "AFTERNOON", status, null);
    }

    static JsonNode sheet(Api who, String month, String query) {
        Reply r = who.get("/api/timesheets/" + month + "?siteId=" + site + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static JsonNode rowOf(JsonNode sheet, long staff) {
        for (JsonNode r : sheet.get("rows")) {
            if (r.get("staffId").asLong() == staff) {
                return r;
            }
        }
        throw new AssertionError("no row for staff " + staff + " in " + sheet);
    }

    static String cell(JsonNode sheet, long staff, int day) {
        return rowOf(sheet, staff).get("cells").get(day - 1).asText();
    }

    /**
     * July 2025 has 23 weekdays and no holiday. The days set here are the sheet's input as attendance stored it;
     * every other weekday attendance computes itself when the sheet asks for the month, and with no punch it is
     * an absence (V, unpaid).
     */
    @Test
    void cellsShowTheLegendSymbolsOfEachSessionAndTheTotalsCountHalfDays() {
        day(lan, "2025-07-07", "WORKED");
        attended(lan, "2025-07-08", "MORNING", "WORKED", null);
        attended(lan, "2025-07-08", "AFTERNOON", "LEAVE", "ANNUAL");
        day(lan, "2025-07-09", "ABSENT");
        day(lan, "2025-07-10", "LATE");
        attended(lan, "2025-07-11", "MORNING", "LEAVE", "SICK");
        attended(lan, "2025-07-11", "AFTERNOON", "LEAVE", "SICK");
        attended(nam, "2025-07-07", "MORNING", "OFFICIAL_BUSINESS", null);
        attended(nam, "2025-07-07", "AFTERNOON", "NOT_SCHEDULED", null);

        JsonNode sheet = sheet(supervisorOfSite, "2025-07", "");

        assertThat(sheet.get("month").asText()).isEqualTo("2025-07");
        assertThat(sheet.get("siteName").asText()).isEqualTo("Trung tâm PVHCC tỉnh Thừa Thiên Huế");
        assertThat(sheet.get("days")).hasSize(31);
        assertThat(sheet.get("days").get(0).get("weekday").asText()).isEqualTo("T3");
        assertThat(sheet.get("days").get(5).get("weekday").asText()).isEqualTo("CN");
        assertThat(sheet.get("days").get(5).get("closed").asBoolean()).isTrue();
        // Departments in Vietnamese order (Nội vụ before Tư pháp), then names: Hoa before Lan.
        List<String> names = new ArrayList<>();
        sheet.get("rows").forEach(r -> names.add(r.get("fullName").asText()));
        assertThat(names).containsExactly("Hoàng Văn Nam", "Lê Thị Hoa", "Nguyễn Thị Lan");
        assertThat(List.of(cell(sheet, lan, 7), cell(sheet, lan, 8), cell(sheet, lan, 9), cell(sheet, lan, 10),
                cell(sheet, lan, 11), cell(sheet, lan, 12), cell(sheet, lan, 14)))
                .containsExactly("+", "+/P", "V", "+", "Ô", "", "V");
        JsonNode lanRow = rowOf(sheet, lan);
        assertThat(lanRow.get("paidDays").decimalValue()).isEqualByComparingTo("3.0");
        assertThat(lanRow.get("unpaidDays").decimalValue()).as("the 9th and 18 weekdays without a punch").isEqualByComparingTo("19.0");
        assertThat(lanRow.get("insuranceDays").decimalValue()).isEqualByComparingTo("1.0");
        assertThat(cell(sheet, nam, 7)).isEqualTo("+");
        assertThat(rowOf(sheet, nam).get("paidDays").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(rowOf(sheet, nam).get("unpaidDays").decimalValue()).isEqualByComparingTo("22.0");
        assertThat(rowOf(sheet, hoa).get("unpaidDays").decimalValue()).isEqualByComparingTo("23.0");
        assertThat(sheet.get("totals").get("paidDays").decimalValue()).isEqualByComparingTo("3.5");
        assertThat(sheet.get("totals").get("unpaidDays").decimalValue()).isEqualByComparingTo("64.0");
        assertThat(sheet.get("locked").asBoolean()).isFalse();
        assertThat(sheet.get("provisional").asBoolean()).as("2025's holiday schedule is not confirmed").isTrue();
    }

    @Test
    void holidaysAreComputedIntoTheSheetAsL() {
        JsonNode sheet = sheet(supervisorOfSite, "2026-09", "&departmentId=" + tuPhap);
        JsonNode september2 = sheet.get("days").get(1);
        assertThat(september2.get("weekday").asText()).isEqualTo("T4");
        assertThat(september2.get("type").asText()).isEqualTo("HOLIDAY");
        assertThat(september2.get("closed").asBoolean()).isTrue();
        assertThat(cell(sheet, lan, 2)).isEqualTo("L");
        assertThat(cell(sheet, lan, 7)).as("a Monday without a punch").isEqualTo("V");
    }

    @Test
    void theXlsxHoldsExactlyTheCellsOfTheJsonInTheFormsLayout() throws IOException {
        day(lan, "2026-08-03", "WORKED");
        attended(lan, "2026-08-04", "MORNING", "LEAVE", "ANNUAL");
        attended(lan, "2026-08-04", "AFTERNOON", "WORKED", null);
        day(nam, "2026-08-05", "ABSENT");
        day(hoa, "2026-08-06", "LATE");
        JsonNode json = sheet(supervisorOfSite, "2026-08", "");

        HttpResponse<byte[]> file = supervisorOfSite.download("/api/timesheets/2026-08?siteId=" + site + "&format=xlsx");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith(TimesheetResource.XLSX));
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).contains("bang-cham-cong-2026-08-site-" + site + ".xlsx"));

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
            // Each paying unit files its own officers: one worksheet per department, in the sheet's order.
            assertThat(book.getNumberOfSheets()).isEqualTo(2);
            Sheet s = book.getSheetAt(0);
            DataFormatter text = new DataFormatter();
            assertThat(text.formatCellValue(s.getRow(3).getCell(0))).isEqualTo("BẢNG CHẤM CÔNG");
            assertThat(text.formatCellValue(s.getRow(4).getCell(0))).startsWith("Tháng 8 năm 2026");
            assertThat(text.formatCellValue(s.getRow(0).getCell(0))).as("the paying unit, not the service center")
                    .isEqualTo("Đơn vị: Sở Nội vụ");
            assertThat(text.formatCellValue(s.getRow(1).getCell(0))).isEqualTo("Bộ phận: Trung tâm PVHCC tỉnh Thừa Thiên Huế");
            assertThat(text.formatCellValue(book.getSheetAt(1).getRow(0).getCell(0))).isEqualTo("Đơn vị: Sở Tư pháp");
            int days = json.get("days").size();
            assertThat(days).isEqualTo(31);
            int totals = TimesheetXlsx.FIRST_DAY_COLUMN + days;
            assertThat(text.formatCellValue(s.getRow(6).getCell(TimesheetXlsx.FIRST_DAY_COLUMN))).isEqualTo("Ngày trong tháng");
            assertThat(text.formatCellValue(s.getRow(7).getCell(totals))).isEqualTo("Số công hưởng lương thời gian");
            assertThat(text.formatCellValue(s.getRow(8).getCell(TimesheetXlsx.FIRST_DAY_COLUMN))).isEqualTo("T7");

            // Every officer row of the file, in order, against the JSON row: name, each day, each total.
            List<Row> officerRows = new ArrayList<>();
            for (Sheet tab : book) {
                for (int i = TimesheetXlsx.FIRST_BODY_ROW; i <= tab.getLastRowNum(); i++) {
                    Row r = tab.getRow(i);
                    if (r != null && r.getCell(0) != null && r.getCell(0).getCellType() == CellType.NUMERIC) {
                        officerRows.add(r);
                    }
                }
            }
            assertThat(officerRows).hasSize(json.get("rows").size());
            for (int i = 0; i < officerRows.size(); i++) {
                Row x = officerRows.get(i);
                JsonNode j = json.get("rows").get(i);
                assertThat(x.getCell(1).getStringCellValue()).isEqualTo(j.get("fullName").asText());
                for (int d = 0; d < days; d++) {
                    assertThat(x.getCell(TimesheetXlsx.FIRST_DAY_COLUMN + d).getStringCellValue())
                            .as("%s day %d", j.get("fullName").asText(), d + 1).isEqualTo(j.get("cells").get(d).asText());
                }
                assertThat(x.getCell(totals).getNumericCellValue()).isEqualTo(j.get("paidDays").asDouble());
                assertThat(x.getCell(totals + 1).getNumericCellValue()).isEqualTo(j.get("unpaidDays").asDouble());
                assertThat(x.getCell(totals + 2).getNumericCellValue()).isEqualTo(j.get("insuranceDays").asDouble());
            }
            // Numbered from 1 on each unit's sheet: Nam alone under Sở Nội vụ, then Hoa and Lan under Sở Tư pháp.
            assertThat(officerRows).extracting(r -> r.getCell(0).getNumericCellValue()).containsExactly(1.0, 1.0, 2.0);
            Row lanRow = officerRows.get(2);
            assertThat(lanRow.getCell(TimesheetXlsx.FIRST_DAY_COLUMN + 3).getStringCellValue()).isEqualTo("P/+");
            assertThat(lanRow.getCell(2).getStringCellValue()).as("no grade kept: the position").isEqualTo("Chuyên viên");
            List<String> all = new ArrayList<>();
            book.getSheetAt(1).forEach(r -> r.forEach(c -> all.add(text.formatCellValue(c))));
            assertThat(all).contains("Mẫu số: C01a-HD",
                    "(Ban hành kèm theo Thông tư số 24/2024/TT-BTC ngày 17/4/2024 của Bộ trưởng Bộ Tài chính)", "Cộng",
                    "Ký hiệu chấm công:", "P : Nghỉ phép", "Người chấm công", "Phụ trách bộ phận", "Người duyệt",
                    "(Ký, họ tên)");
        }
    }

    @Test
    void theFormsHeaderLinesAndTheUnitsBudgetCodeAreSettingsAnAdminChanges() throws IOException {
        Reply refused = supervisorOfSite.put("/api/timesheets/form", Map.of("form", Map.of("formCode", "X",
                "legalBasis", "Y", "overtimeFormCode", "Z"), "units", List.of()));
        assertThat(refused.status()).isEqualTo(403);
        Reply bad = admin.put("/api/timesheets/form", Map.of("form", Map.of("formCode", "C01a-HD", "legalBasis", "",
                "overtimeFormCode", "C01b-HD"), "units", List.of(Map.of("departmentId", tuPhap, "unitName", "Sở Tư pháp",
                "budgetCode", "1 2 3"))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("details").toString()).contains("legalBasis", "budgetCode");
        Reply saved = admin.put("/api/timesheets/form", Map.of("form", Map.of("formCode", "C01-HD",
                "legalBasis", "(Theo Thông tư của tỉnh)", "overtimeFormCode", "C02-HD"), "units",
                List.of(Map.of("departmentId", tuPhap, "unitName", "Sở Tư pháp tỉnh Thừa Thiên Huế", "budgetCode", "1001234"))));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        try {
            HttpResponse<byte[]> file = supervisorOfSite.download("/api/timesheets/2026-08?siteId=" + site
                    + "&departmentId=" + tuPhap + "&format=xlsx");
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file.body()))) {
                DataFormatter text = new DataFormatter();
                Sheet s = book.getSheetAt(0);
                assertThat(text.formatCellValue(s.getRow(0).getCell(0))).isEqualTo("Đơn vị: Sở Tư pháp tỉnh Thừa Thiên Huế");
                assertThat(text.formatCellValue(s.getRow(2).getCell(0))).isEqualTo("Mã QHNS: 1001234");
                List<String> all = new ArrayList<>();
                s.forEach(r -> r.forEach(c -> all.add(text.formatCellValue(c))));
                assertThat(all).contains("Mẫu số: C01-HD", "(Theo Thông tư của tỉnh)");
            }
            assertThat(DB.count("audit_event", "action = 'timesheet_form.update'")).isEqualTo(1);
        } finally {
            admin.put("/api/timesheets/form", Map.of("form", Map.of("formCode", "C01a-HD", "legalBasis",
                    "(Ban hành kèm theo Thông tư số 24/2024/TT-BTC ngày 17/4/2024 của Bộ trưởng Bộ Tài chính)",
                    "overtimeFormCode", "C01b-HD"), "units", List.of(Map.of("departmentId", tuPhap, "unitName", "Sở Tư pháp"))));
        }
    }

    /** Stores what attendance computed for one session of an officer of the other site. */
    static void onOtherSite(long staff, String date, String part, String status, String leaveCode) {
        DB.jdbi().useHandle(h -> h.execute("""
                insert into attendance_session (staff_id, work_date, part, site_id, status, leave_code)
                values (?, cast(? as date), ?, ?, ?, ?)
                """, staff, date, part, otherSite, status, leaveCode));
    }

    /**
     * February 2026 of one department, worked by hand. The calendar: Sunday 1; working days 2-6, 9-13, 23-27 (15);
     * Saturday 7 a duty Saturday (morning 07:30-11:30); Tết 16-20 (the suggested schedule: 29 Tết and mùng 1-4).
     * Mai works 2-6 and is on maternity leave (an approved request, through attendance) from Monday 9 Feb for six
     * months: SI Law 2014 Art. 34(1) counts it in calendar days, so every day from 9 to 28, weekends and Tết
     * included, is TS, paid by social insurance: 20 days; paid by time 5. Bình works 2-6, 9, 11-13 and 23-27, the
     * duty Saturday 7 (overtime: NN, in no total, 4 hours on the overtime sheet: Decision 188/1999/QĐ-TTg), the
     * morning of 10 and an afternoon of annual leave (+/P), and has Tết off (L): paid by time 5 + 1 + 0.5 + 0.5 + 3
     * + 5 + 5 = 20, no more than the 15 working days and 5 holidays of the month.
     */
    @Test
    void aMonthWithMaternityOverTetSaturdayDutyAndAHalfDayIsTheSheetWorkedByHand() {
        long yTe = aDepartment().with("name", "Sở Y tế").createdBy(admin);
        long mai = aStaff(yTe, otherSite).with("fullName", "Trần Thị Mai").with("serviceStartDate", "2015-03-02")
                .with("grade", "Chuyên viên").with("gradeCode", "01.003").createdBy(admin);
        long binh = aStaff(yTe, otherSite).with("fullName", "Võ Văn Bình").with("serviceStartDate", "2018-09-03").createdBy(admin);
        Map<String, Object> calendar = new java.util.HashMap<>();
        List<Map<String, Object>> week = new ArrayList<>();
        for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            week.add(Map.of("weekday", d, "part", "MORNING", "start", "07:30", "end", "11:30"));
            week.add(Map.of("weekday", d, "part", "AFTERNOON", "start", "13:30", "end", "17:30"));
        }
        calendar.putAll(Map.of("lateGraceMinutes", 5, "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60,
                "punchOutAfterMinutes", 120, "sessions", week, "seasons", List.of(),
                "dutySaturdays", List.of(Map.of("date", "2026-02-07", "note", "Tiếp dân sáng thứ Bảy"))));
        assertThat(admin.put("/api/sites/" + otherSite + "/calendar", calendar).status()).isEqualTo(200);
        for (String d : List.of("02", "03", "04", "05", "06")) {
            onOtherSite(mai, "2026-02-" + d, "MORNING", "WORKED", null);
            onOtherSite(mai, "2026-02-" + d, "AFTERNOON", "WORKED", null);
        }
        for (String d : List.of("02", "03", "04", "05", "06", "09", "11", "12", "13", "23", "24", "25", "26", "27")) {
            onOtherSite(binh, "2026-02-" + d, "MORNING", "WORKED", null);
            onOtherSite(binh, "2026-02-" + d, "AFTERNOON", "WORKED", null);
        }
        DB.jdbi().useHandle(h -> h.execute("""
                insert into attendance_session (staff_id, work_date, part, site_id, status, starts_at, ends_at)
                values (?, date '2026-02-07', 'MORNING', ?, 'DUTY', timestamptz '2026-02-07 07:30+07', timestamptz '2026-02-07 11:30+07'),
                       (?, date '2026-02-07', 'AFTERNOON', ?, 'NOT_SCHEDULED', null, null)
                """, binh, otherSite, binh, otherSite));
        onOtherSite(binh, "2026-02-10", "MORNING", "WORKED", null);
        onOtherSite(binh, "2026-02-10", "AFTERNOON", "LEAVE", "ANNUAL");

        Map<String, Long> types = new java.util.HashMap<>();
        admin.get("/api/leave/types").json().forEach(t -> types.put(t.get("code").asText(), t.get("id").asLong()));
        Reply asked = admin.post("/api/leave/requests", Map.of("staffId", mai, "leaveTypeId", types.get("MATERNITY"),
                "startDate", "2026-02-09", "endDate", "2026-08-08", "reason", "Sinh con",
                "attachment", Map.of("fileName", "giay-ra-vien.pdf", "contentType", "application/pdf",
                        "base64", java.util.Base64.getEncoder().encodeToString("%PDF-1.4 giấy ra viện".getBytes()))));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        assertThat(asked.json().get("days").decimalValue()).as("181 calendar days, 9 Feb to 8 Aug").isEqualByComparingTo("181");
        Reply approved = supervisorOfOtherSite.post("/api/leave/requests/" + asked.id() + "/approve",
                Map.of("step", 1, "comment", "Đồng ý"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);

        Reply read = supervisorOfOtherSite.get("/api/timesheets/2026-02?siteId=" + otherSite + "&departmentId=" + yTe);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode sheet = read.json();
        String weekdays = "CN T2 T3 T4 T5 T6 T7 CN T2 T3 T4 T5 T6 T7 CN T2 T3 T4 T5 T6 T7 CN T2 T3 T4 T5 T6 T7";
        List<String> shown = new ArrayList<>();
        sheet.get("days").forEach(d -> shown.add(d.get("weekday").asText()));
        assertThat(String.join(" ", shown)).isEqualTo(weekdays);
        //                         1   2    3    4    5    6    7   8   9     10    11    12    13    14    15    16    17    18    19    20    21    22    23    24    25    26    27    28
        List<String> maiCells = List.of("", "+", "+", "+", "+", "+", "", "", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS", "TS");
        List<String> binhCells = List.of("", "+", "+", "+", "+", "+", "NN", "", "+", "+/P", "+", "+", "+", "", "", "L", "L", "L", "L", "L", "", "", "+", "+", "+", "+", "+", "");
        JsonNode maiRow = rowOf(sheet, mai);
        JsonNode binhRow = rowOf(sheet, binh);
        for (int d = 1; d <= 28; d++) {
            assertThat(maiRow.get("cells").get(d - 1).asText()).as("Mai, %d Feb", d).isEqualTo(maiCells.get(d - 1));
            assertThat(binhRow.get("cells").get(d - 1).asText()).as("Bình, %d Feb", d).isEqualTo(binhCells.get(d - 1));
        }
        assertThat(maiRow.get("paidDays").decimalValue()).isEqualByComparingTo("5");
        assertThat(maiRow.get("unpaidDays").decimalValue()).isEqualByComparingTo("0");
        assertThat(maiRow.get("insuranceDays").decimalValue()).isEqualByComparingTo("20");
        assertThat(maiRow.get("grade").asText()).isEqualTo("Chuyên viên (01.003)");
        assertThat(binhRow.get("paidDays").decimalValue()).isEqualByComparingTo("20");
        assertThat(binhRow.get("unpaidDays").decimalValue()).isEqualByComparingTo("0");
        assertThat(binhRow.get("insuranceDays").decimalValue()).isEqualByComparingTo("0");
        assertThat(sheet.get("totals").get("paidDays").decimalValue()).isEqualByComparingTo("25");
        assertThat(sheet.get("totals").get("insuranceDays").decimalValue()).isEqualByComparingTo("20");

        JsonNode overtime = supervisorOfOtherSite.get("/api/timesheets/2026-02/overtime?siteId=" + otherSite + "&departmentId=" + yTe).json();
        assertThat(overtime.get("formCode").asText()).isEqualTo("C01b-HD");
        assertThat(overtime.get("rows")).hasSize(1);
        JsonNode binhOvertime = overtime.get("rows").get(0);
        assertThat(binhOvertime.get("staffId").asLong()).isEqualTo(binh);
        assertThat(binhOvertime.get("cells").get(6).asText()).isEqualTo("4");
        assertThat(binhOvertime.get("restDayHours").decimalValue()).isEqualByComparingTo("4");
        assertThat(binhOvertime.get("workdayHours").decimalValue()).isEqualByComparingTo("0");
        assertThat(binhOvertime.get("holidayHours").decimalValue()).isEqualByComparingTo("0");
        assertThat(binhOvertime.get("daysOff").decimalValue()).as("a site that pays overtime owes no day off").isZero();

        // The site chooses to repay duty with days off: 4 hours are half a compensatory day (NB) owed.
        Map<String, Object> form = Map.of("formCode", "C01a-HD", "legalBasis",
                "(Ban hành kèm theo Thông tư số 24/2024/TT-BTC ngày 17/4/2024 của Bộ trưởng Bộ Tài chính)",
                "overtimeFormCode", "C01b-HD");
        assertThat(admin.put("/api/timesheets/form", Map.of("form", form, "units", List.of(), "dutyRepaid",
                List.of(Map.of("siteId", otherSite, "dutyRepaid", "DAY_OFF")))).status()).isEqualTo(200);
        try {
            JsonNode repaid = supervisorOfOtherSite.get("/api/timesheets/2026-02/overtime?siteId=" + otherSite
                    + "&departmentId=" + yTe).json();
            assertThat(repaid.get("repaid").asText()).isEqualTo("DAY_OFF");
            assertThat(repaid.get("rows").get(0).get("daysOff").decimalValue()).isEqualByComparingTo("0.5");
            assertThat(supervisorOfOtherSite.withHeader("Accept", "text/html").get("/timesheets/overtime?month=2026-02&siteId="
                    + otherSite + "&departmentId=" + yTe).body()).contains("Số ngày nghỉ bù", "repaid-days-off");
        } finally {
            admin.put("/api/timesheets/form", Map.of("form", form, "units", List.of(), "dutyRepaid",
                    List.of(Map.of("siteId", otherSite, "dutyRepaid", "OVERTIME"))));
        }
    }

    @Test
    void supervisorsSeeTheSheetsOfTheirSiteOrDepartmentAndNobodyElseDoes() {
        day(lan, "2026-07-06", "WORKED");
        JsonNode department = sheet(supervisorOfTuPhap, "2026-07", "&departmentId=" + tuPhap);
        assertThat(department.get("departmentName").asText()).isEqualTo("Sở Tư pháp");
        assertThat(department.get("rows")).extracting(r -> r.get("fullName").asText())
                .containsExactly("Lê Thị Hoa", "Nguyễn Thị Lan");
        assertThat(department.get("rows").get(1).get("no").asInt()).isEqualTo(2);

        assertThat(supervisorOfTuPhap.get("/api/timesheets/2026-07?siteId=" + site).status()).isEqualTo(403);
        assertThat(supervisorOfTuPhap.get("/api/timesheets/2026-07?siteId=" + site + "&departmentId=" + noiVu).status())
                .isEqualTo(403);
        assertThat(supervisorOfOtherSite.get("/api/timesheets/2026-07?siteId=" + site).status()).isEqualTo(403);
        assertThat(officerLan.get("/api/timesheets/2026-07?siteId=" + site).status()).isEqualTo(403);
        assertThat(admin.anonymous().get("/api/timesheets/2026-07?siteId=" + site).status()).isEqualTo(401);
        Reply other = supervisorOfOtherSite.get("/api/timesheets/2026-07?siteId=" + otherSite);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("rows")).extracting(r -> r.get("fullName").asText()).containsExactly("Phan Văn Khác");
    }

    @Test
    void badQuestionsAreAnsweredWithWhatIsWrong() {
        Reply badMonth = admin.get("/api/timesheets/2026-13?siteId=" + site);
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.json().get("details").get(0).asText()).contains("month").contains("2026-13");
        Reply noSite = admin.get("/api/timesheets/2026-07");
        assertThat(noSite.status()).isEqualTo(422);
        assertThat(noSite.json().get("details").get(0).asText()).isEqualTo("siteId is required");
        Reply format = admin.get("/api/timesheets/2026-07?siteId=" + site + "&format=pdf");
        assertThat(format.status()).isEqualTo(422);
        assertThat(format.json().get("details").get(0).asText()).contains("format").contains("pdf");
        assertThat(admin.get("/api/timesheets/2026-07?siteId=999999").status()).isEqualTo(404);
        assertThat(admin.get("/api/timesheets/2026-07?siteId=" + site + "&departmentId=999999").status()).isEqualTo(404);
    }

    @Test
    void aLockedMonthShowsTheSheetAsFiledUntilAnAdminReopensItWithAReason() {
        day(lan, "2026-06-01", "ABSENT");
        Reply locked = supervisorOfSite.post("/api/timesheets/2026-06/lock?siteId=" + site, null);
        assertThat(locked.status()).as(locked.toString()).isEqualTo(200);
        assertThat(locked.json().get("locked").asBoolean()).isTrue();
        assertThat(cell(locked.json(), lan, 1)).isEqualTo("V");

        day(lan, "2026-06-01", "WORKED");
        JsonNode filed = sheet(supervisorOfSite, "2026-06", "");
        assertThat(filed.get("locked").asBoolean()).isTrue();
        assertThat(cell(filed, lan, 1)).isEqualTo("V");
        assertThat(filed.get("locks").get(0).get("lockedBy").asText()).isNotBlank();
        // A department's sheet under a whole-site lock is the filed one too.
        assertThat(cell(sheet(supervisorOfTuPhap, "2026-06", "&departmentId=" + tuPhap), lan, 1)).isEqualTo("V");

        Reply again = supervisorOfSite.post("/api/timesheets/2026-06/lock?siteId=" + site, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).startsWith("Already locked");
        assertThat(supervisorOfSite.post("/api/timesheets/2026-06/unlock?siteId=" + site, Map.of("reason", "sai")).status())
                .isEqualTo(403);
        Reply noReason = admin.post("/api/timesheets/2026-06/unlock?siteId=" + site, Map.of("reason", "  "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().get("details").get(0).asText()).startsWith("reason");

        Reply reopened = admin.post("/api/timesheets/2026-06/unlock?siteId=" + site,
                Map.of("reason", "Bổ sung giấy công tác của chị Lan"));
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(reopened.json().get("locked").asBoolean()).isFalse();
        assertThat(cell(reopened.json(), lan, 1)).isEqualTo("+");
        assertThat(DB.count("audit_event", "action = 'timesheet.lock'")).isGreaterThanOrEqualTo(1);
        assertThat(DB.rows("select after::text as after from audit_event where action = 'timesheet.unlock'"))
                .extracting(r -> r.get("after").toString()).anySatisfy(a -> assertThat(a).contains("Bổ sung giấy công tác"));
        assertThat(DB.count("timesheet_lock", "unlocked_at is not null and unlock_reason = 'Bổ sung giấy công tác của chị Lan'"))
                .isEqualTo(1);
        // Locked again: a new lock, the old one stays in the record.
        assertThat(supervisorOfSite.post("/api/timesheets/2026-06/lock?siteId=" + site, null).status()).isEqualTo(200);
        assertThat(DB.count("timesheet_lock", "month = date '2026-06-01'")).isEqualTo(2);
    }

    @Test
    void aCorrectionInALockedMonthIsApprovedOnlyByAnAdmin() {
        long first = officerLan.post("/api/attendance/corrections", Map.of("date", "2026-02-02", "kind", "MISSING_PUNCH",
                "inTime", "07:25", "outTime", "17:05", "reason", "Máy chấm công hỏng")).id();
        long second = officerLan.post("/api/attendance/corrections", Map.of("date", "2026-02-03", "kind", "MISSING_PUNCH",
                "inTime", "07:25", "outTime", "17:05", "reason", "Quên chấm công")).id();
        assertThat(cell(sheet(supervisorOfSite, "2026-02", ""), lan, 2)).isEqualTo("V");
        assertThat(supervisorOfSite.post("/api/timesheets/2026-02/lock?siteId=" + site, null).status()).isEqualTo(200);

        Reply refused = supervisorOfSite.post("/api/attendance/corrections/" + first + "/approve", Map.of("comment", "Đồng ý"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).startsWith("Locked month").contains("2026-02-02");
        assertThat(DB.rows("select status from attendance_correction where id = " + first))
                .extracting(r -> r.get("status")).containsExactly("PENDING");
        Reply rejected = supervisorOfSite.post("/api/attendance/corrections/" + second + "/reject",
                Map.of("comment", "Không có xác nhận"));
        assertThat(rejected.status()).as("rejecting changes no attendance").isEqualTo(200);

        Reply approved = admin.post("/api/attendance/corrections/" + first + "/approve", Map.of("comment", "Đồng ý, đã xác minh"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(cell(sheet(supervisorOfSite, "2026-02", ""), lan, 2)).as("the sheet as filed").isEqualTo("V");
        assertThat(admin.post("/api/timesheets/2026-02/unlock?siteId=" + site, Map.of("reason", "Duyệt bổ sung ngày 2")).status())
                .isEqualTo(200);
        assertThat(cell(sheet(supervisorOfSite, "2026-02", ""), lan, 2)).isEqualTo("+");
    }

    @Test
    void aDepartmentsLockFreezesOnlyItsRowsOfTheSitesSheet() {
        day(lan, "2026-05-04", "ABSENT");
        day(nam, "2026-05-04", "ABSENT");
        assertThat(supervisorOfTuPhap.post("/api/timesheets/2026-05/lock?siteId=" + site + "&departmentId=" + tuPhap, null)
                .status()).isEqualTo(200);
        day(lan, "2026-05-04", "WORKED");
        day(nam, "2026-05-04", "WORKED");

        JsonNode whole = sheet(supervisorOfSite, "2026-05", "");
        assertThat(whole.get("locked").asBoolean()).isFalse();
        assertThat(whole.get("locks")).hasSize(1);
        assertThat(cell(whole, lan, 4)).isEqualTo("V");
        assertThat(cell(whole, nam, 4)).isEqualTo("+");
        assertThat(whole.get("rows")).extracting(r -> r.get("no").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void aMonthThatHasNotBegunCannotBeLocked() {
        Reply r = supervisorOfSite.post("/api/timesheets/2099-01/lock?siteId=" + site, null);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("details").get(0).asText()).startsWith("month is in the future");
    }

    @Test
    void anAdminChangesTheLegendAndTheCellsFollowIt() {
        day(hoa, "2026-04-06", "ABSENT");
        assertThat(cell(sheet(admin, "2026-04", ""), hoa, 6)).isEqualTo("V");
        Reply bad = admin.put("/api/timesheets/symbols/ABSENT",
                Map.of("symbol", "V/K", "labelVi", "Vắng", "labelEn", "Absent", "countsAs", "UNPAID"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("details").get(0).asText()).startsWith("symbol");
        assertThat(officerLan.put("/api/timesheets/symbols/ABSENT",
                Map.of("symbol", "X", "labelVi", "Vắng", "labelEn", "Absent", "countsAs", "UNPAID")).status()).isEqualTo(403);
        assertThat(admin.put("/api/timesheets/symbols/NOPE",
                Map.of("symbol", "X", "labelVi", "Vắng", "labelEn", "Absent", "countsAs", "UNPAID")).status()).isEqualTo(404);

        Reply ok = admin.put("/api/timesheets/symbols/ABSENT",
                Map.of("symbol", "Vo", "labelVi", "Vắng không phép", "labelEn", "Absent", "countsAs", "UNPAID"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        try {
            assertThat(cell(sheet(admin, "2026-04", ""), hoa, 6)).isEqualTo("Vo");
            assertThat(officerLan.get("/api/timesheets/symbols").json()).anySatisfy(
                    s -> assertThat(s.get("symbol").asText()).isEqualTo("Vo"));
            assertThat(DB.count("audit_event", "action = 'timesheet_symbol.update' and entity_id = 'ABSENT'")).isEqualTo(1);
        } finally {
            admin.put("/api/timesheets/symbols/ABSENT",
                    Map.of("symbol", "V", "labelVi", "Vắng không lý do", "labelEn", "Absent without leave", "countsAs", "UNPAID"));
        }
    }

    // ---- pages ----

    /** A signed-in browser session: cookie and CSRF token, as the pages' forms send them. */
    record Session(Api browser, String csrf) {
        Reply form(String path, String... pairs) {
            String[] all = java.util.Arrays.copyOf(pairs, pairs.length + 2);
            all[pairs.length] = "_csrf";
            all[pairs.length + 1] = csrf;
            return browser.postRaw(path, "application/x-www-form-urlencoded", Browser.form(all));
        }
    }

    static Session browserOf(String username, String password) {
        String cookie = Browser.session(APP, username, password);
        return new Session(Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + cookie), Browser.csrfToken(APP, cookie));
    }

    @Test
    void theTimesheetPageShowsTheSheetLinksTheFileAndLocksTheMonth() {
        day(lan, "2026-03-02", "WORKED");
        attended(nam, "2026-03-02", "MORNING", "WORKED", null);
        attended(nam, "2026-03-02", "AFTERNOON", "LEAVE", "ANNUAL");
        Session supervisor = browserOf(supervisorOfSiteName, Org.PASSWORD);

        Reply page = supervisor.browser().get("/timesheets?month=2026-03&siteId=" + site);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains("Bảng chấm công", "Nguyễn Thị Lan", "Sở Nội vụ",
                "<td class=\"cell\" data-day=\"2\">+/P</td>",
                "/api/timesheets/2026-03?siteId=" + site + "&amp;format=xlsx", "Khóa sổ tháng này");
        Reply print = supervisor.browser().get("/timesheets/print?month=2026-03&siteId=" + site);
        assertThat(print.status()).isEqualTo(200);
        assertThat(print.body()).contains("BẢNG CHẤM CÔNG", "Mẫu số: C01a-HD", "Tháng 3 năm 2026", "Người duyệt", "+/P");

        Reply locked = supervisor.form("/timesheets/lock", "month", "2026-03", "siteId", String.valueOf(site));
        assertThat(locked.status()).as(locked.toString()).isEqualTo(303);
        assertThat(locked.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("done=locked"));
        Reply after = supervisor.browser().get("/timesheets?month=2026-03&siteId=" + site + "&done=locked");
        assertThat(after.body()).contains("Đã khóa sổ bảng chấm công.", "id=\"lock-state\"").doesNotContain("id=\"lock\"");
        Reply twice = supervisor.form("/timesheets/lock", "month", "2026-03", "siteId", String.valueOf(site));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body()).contains("Bảng chấm công tháng này đã được khóa sổ.");

        Session quantri = browserOf("quantri", "admin-password-1");
        Reply noReason = quantri.form("/timesheets/unlock", "month", "2026-03", "siteId", String.valueOf(site), "reason", "");
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("Cần ghi lý do mở khóa sổ.");
        Reply unlocked = quantri.form("/timesheets/unlock", "month", "2026-03", "siteId", String.valueOf(site),
                "reason", "Sai sót ngày 2");
        assertThat(unlocked.status()).isEqualTo(303);
        assertThat(DB.count("timesheet_lock", "unlock_reason = 'Sai sót ngày 2'")).isEqualTo(1);
    }

    @Test
    void theLegendPageSavesASymbolForAdminsOnly() {
        Session quantri = browserOf("quantri", "admin-password-1");
        Reply page = quantri.browser().get("/admin/timesheet-symbols");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Ký hiệu chấm công", "Nghỉ không lương", "value=\"KL\"");
        Reply bad = quantri.form("/admin/timesheet-symbols/STOPPAGE", "symbol", "", "labelVi", "Ngừng việc",
                "labelEn", "Work stoppage", "countsAs", "PAID");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("symbol is required");
        Reply ok = quantri.form("/admin/timesheet-symbols/STOPPAGE", "symbol", "NV", "labelVi", "Ngừng việc",
                "labelEn", "Work stoppage", "countsAs", "PAID");
        assertThat(ok.status()).isEqualTo(303);
        assertThat(DB.rows("select symbol from timesheet_symbol where code = 'STOPPAGE'"))
                .extracting(r -> r.get("symbol")).containsExactly("NV");
        Session supervisor = browserOf(supervisorOfSiteName, Org.PASSWORD);
        assertThat(supervisor.browser().get("/admin/timesheet-symbols").status()).isEqualTo(403);
    }
}
