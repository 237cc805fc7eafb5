package vn.onduty.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.CellStyle;
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
import vn.onduty.server.testing.Tickets;

/**
 * Queue-system exports through the admin's upload pages: a good CSV file appears in the KPIs and the same
 * file again changes nothing; bad rows are reported by row and imported only when the admin skips them;
 * an XLSX export with other column names is mapped by hand and the mapping kept; a very large file goes
 * in chunk by chunk.
 */
class TicketImportIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TicketImportIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String HEADER = "Số phiếu;Ngày;Dịch vụ;Quầy;Giờ lấy số;Giờ gọi;Giờ kết thúc;Kết quả;Đánh giá\n";
    static final Pattern LOCATION = Pattern.compile("/quality/imports/(\\d+)$");
    static Api admin;
    static Api pages;
    static long site;
    static int counter;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        String token = Api.at(APP).login("quantri", "admin-password-1");
        admin = Api.at(APP).as(token);
        pages = Browser.at(APP).as(token);
        site = aSite().createdBy(admin);
        Org.Body c = aCounter(site);
        c.createdBy(admin);
        counter = (Integer) c.get("number");
    }

    static String goodFile(String day) {
        return HEADER
                + "A001;" + day + ";Hộ tịch;Quầy " + counter + ";07:40;07:55;08:05;Đã phục vụ;5\n"
                + "A002;" + day + ";Hộ tịch;" + counter + ";07:45;08:10;;Vắng mặt;\n"
                + "\"A003\";" + day + ";\"Chứng thực; bản sao\";" + counter + ";08:00;08:30;08:40;;4\n";
    }

    @Test
    void aGoodCsvFileAppearsInTheKpisAndTheSameFileAgainChangesNothing() {
        long first = upload("Kiosk tầng 1", "phieu-26-11.csv", goodFile("26/11/2026").getBytes(StandardCharsets.UTF_8));
        assertThat(status(first)).isEqualTo("CHECKED");
        assertThat(pages.get("/quality/imports/" + first).body()).contains("id=\"check-summary\"").doesNotContain("row-problems");

        run(first, false);
        assertThat(awaitFinished(first)).isEqualTo("DONE");
        assertThat(counts(first)).containsExactly(3, 0, 0);
        var k = admin.get("/api/quality/kpis?siteId=" + site + "&from=2026-11-26&to=2026-11-26").json().get(0);
        assertThat(k.get("issued").asLong()).isEqualTo(3);
        // A001 served (15 min wait), A002 no-show (25), A003 served without an outcome column value but with an end (30).
        assertThat(k.get("served").asLong()).isEqualTo(2);
        assertThat(k.get("avgWaitMinutes").asDouble()).isEqualTo(23.3);
        assertThat(k.get("satisfactionPercent").asDouble()).isEqualTo(100.0);

        Map<String, String> tickets = DB.snapshot(List.of("queue_ticket"));
        long second = upload(sourceId("Kiosk tầng 1"), "phieu-26-11.csv", goodFile("26/11/2026").getBytes(StandardCharsets.UTF_8));
        run(second, false);
        assertThat(awaitFinished(second)).isEqualTo("DONE");
        assertThat(counts(second)).containsExactly(0, 0, 3);
        assertThat(DB.snapshot(List.of("queue_ticket"))).isEqualTo(tickets);
    }

    @Test
    void badRowsAreReportedByRowAndImportedOnlyWhenTheAdminSkipsThem() {
        String file = goodFile("27/11/2026")
                + "B004;27/11/2026;Hộ tịch;" + counter + ";08:70;;;;\n"
                + "B005;27/11/2026;Hộ tịch;99999;08:10;;;;\n"
                + "B006;27/11/2026;Hộ tịch;" + counter + ";08:20;08:15;;;5\n";
        long id = upload("Kiosk tầng 2", "loi.csv", file.getBytes(StandardCharsets.UTF_8));
        String page = pages.get("/quality/imports/" + id).body();
        Map<String, String> before = DB.snapshot(List.of("queue_ticket"));

        Reply refused = run(id, false);

        assertThat(page).contains("data-row=\"5\"", "data-row=\"6\"", "data-row=\"7\"").doesNotContain("data-row=\"4\"");
        // Said in Vietnamese, the page's language, each field by its label on the mapping.
        assertThat(page).contains("Giờ lấy số: ‘08:70’ không phải là thời điểm", "Số quầy: điểm phục vụ không có quầy số 99999",
                "Giờ gọi: không được sớm hơn giờ lấy số");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Tệp có 3 dòng có lỗi", "Bỏ qua 3 dòng có lỗi");
        assertThat(status(id)).isEqualTo("CHECKED");
        assertThat(DB.snapshot(List.of("queue_ticket"))).isEqualTo(before);

        run(id, true);
        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(counts(id)).containsExactly(3, 0, 0);
        assertThat(DB.count("queue_ticket", "service_date = '2026-11-27'")).isEqualTo(3);
    }

    @Test
    void anXlsxExportWithOtherColumnNamesIsMappedOnceAndTheMappingKept() throws IOException {
        byte[] xlsx = workbook(List.of("No.", "Counter", "Taken", "Called", "Done", "Score"), 3);
        long id = upload("Máy xếp hàng QMS", "qms.xlsx", xlsx);
        assertThat(status(id)).as("nothing guessed for 'Taken'").isEqualTo("UPLOADED");

        Reply saved = pages.postRaw("/quality/imports/" + id + "/mapping", "application/x-www-form-urlencoded",
                Browser.form("col.number", "No.", "col.counterNumber", "Counter", "col.issuedAt", "Taken",
                        "col.calledAt", "Called", "col.endedAt", "Done", "col.rating", "Score", "ratingScale", "LEVELS3"));
        assertThat(saved.status()).as("%s", saved).isEqualTo(303);
        assertThat(status(id)).isEqualTo("CHECKED");
        run(id, false);
        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(DB.rows("select rating, rating_scale, wait_seconds from queue_ticket where number = 'X1'"))
                .containsExactly(TestDatabase.row("rating", 3, "rating_scale", "LEVELS3", "wait_seconds", 600));

        long again = upload(sourceId("Máy xếp hàng QMS"), "qms-2.xlsx", workbook(List.of("No.", "Counter", "Taken",
                "Called", "Done", "Score"), 4));
        assertThat(status(again)).as("the saved mapping is used").isEqualTo("CHECKED");
    }

    @Test
    void aVeryLargeFileGoesInChunkByChunk() {
        StringBuilder file = new StringBuilder(HEADER);
        int rows = 30_000;
        LocalDate first = LocalDate.of(2026, 9, 1);
        for (int i = 0; i < rows; i++) {
            String day = first.plusDays(i / 1100).toString();
            int minute = 450 + (i % 1100) % 480;
            String issued = String.format("%02d:%02d", minute / 60, minute % 60);
            String called = String.format("%02d:%02d", (minute + 9) / 60, (minute + 9) % 60);
            file.append("L").append(i).append(';').append(day).append(";Hộ tịch;").append(counter).append(';')
                    .append(issued).append(';').append(called).append(";;Đã phục vụ;").append(1 + i % 5).append('\n');
        }
        long id = upload("Hệ thống lớn", "ca-thang.csv", file.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(status(id)).isEqualTo("CHECKED");

        run(id, false);

        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(DB.count("queue_ticket", "number like 'L%'")).isEqualTo(rows);
        assertThat(DB.rows("select processed_rows, total_rows, inserted from ticket_import where id = " + id))
                .containsExactly(TestDatabase.row("processed_rows", rows, "total_rows", rows, "inserted", rows));
        assertThat(DB.count("audit_event", "action = 'queue_ticket.batch' and after->>'source' = 'file:Hệ thống lớn#" + id + "'"))
                .as("one batch per chunk of %s rows", TicketImports.CHUNK).isEqualTo(rows / TicketImports.CHUNK);
        assertThat(pages.get("/quality/imports/" + id + "/progress").body()).contains("data-status=\"DONE\"", "30");
    }

    // ---- helpers ----

    static byte[] workbook(List<String> header, int rows) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Phiếu");
            CellStyle time = book.createCellStyle();
            time.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                h.createCell(i).setCellValue(header.get(i));
            }
            for (int r = 1; r <= rows; r++) {
                Row x = sheet.createRow(r);
                x.createCell(0).setCellValue("X" + r);
                x.createCell(1).setCellValue(counter);
                LocalDateTime issued = LocalDateTime.of(2026, 11, 23, 8, 0).plusMinutes(r * 5L);
                for (int c = 2; c <= 4; c++) {
                    x.createCell(c).setCellValue(issued.plusMinutes((c - 2) * 10L));
                    x.getCell(c).setCellStyle(time);
                }
                x.createCell(5).setCellValue(3);
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    static long upload(String newSource, String fileName, byte[] content) {
        return upload(Map.of("siteId", String.valueOf(site), "newSource", newSource), fileName, content);
    }

    static long upload(long sourceId, String fileName, byte[] content) {
        return upload(Map.of("siteId", String.valueOf(site), "sourceId", String.valueOf(sourceId)), fileName, content);
    }

    static long upload(Map<String, String> fields, String fileName, byte[] content) {
        Tickets.Multipart m = Tickets.multipart(fields, "file", fileName, content);
        Reply r = pages.sendBytes("POST", "/quality/imports", m.contentType(), m.body());
        assertThat(r.status()).as("%s", r).isEqualTo(303);
        Matcher id = LOCATION.matcher(r.headers().firstValue("Location").orElseThrow());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    static long sourceId(String name) {
        return (Long) DB.rows("select id from ticket_source where name = ?", name).get(0).get("id");
    }

    static Reply run(long id, boolean skipBad) {
        return pages.postRaw("/quality/imports/" + id + "/run", "application/x-www-form-urlencoded",
                skipBad ? Browser.form("skipBad", "true") : "");
    }

    static String status(long id) {
        return (String) DB.rows("select status from ticket_import where id = ?", id).get(0).get("status");
    }

    static List<Integer> counts(long id) {
        Map<String, Object> r = DB.rows("select inserted, updated, unchanged from ticket_import where id = ?", id).get(0);
        return List.of((Integer) r.get("inserted"), (Integer) r.get("updated"), (Integer) r.get("unchanged"));
    }

    /** Waits (at most two minutes) for the background import to end, as the page's polling does. */
    static String awaitFinished(long id) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String s = status(id);
            if (s.equals("DONE") || s.equals("FAILED")) {
                return s;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return status(id);
    }
}
