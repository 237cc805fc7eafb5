package vn.onduty.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The archive's readable summary: what the archive holds and how many rows each file has, then the kinds an officer
 * most wants to read (punches, attendance, leave, presence at counters, who looked at their records) with times in
 * their home site's zone and headings in Vietnamese and English. The JSON files stay the complete record.
 */
final class ExportXlsx {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Map<String, String> READS = Map.ofEntries(
            Map.entry("timesheet", "Bảng chấm công / Timesheet"),
            Map.entry("attendance_month", "Tháng công / Month of attendance"),
            Map.entry("attendance_day", "Ngày công của điểm phục vụ / A site's day"),
            Map.entry("attendance_today", "Bảng hôm nay / Today's board"),
            Map.entry("lateness", "Đi muộn, về sớm / Lateness"),
            Map.entry("punches", "Giờ chấm công / Punches"),
            Map.entry("leave_attachment", "Giấy tờ nghỉ phép / Leave document"),
            Map.entry("presence_board", "Bảng hiện diện tại quầy / Counter presence board"),
            Map.entry("presence_timeline", "Diễn biến tại quầy / Counter timeline"),
            Map.entry("personal_data_export", "Xuất dữ liệu cá nhân / Personal data export"));

    private final PersonalDataDao.Officer officer;
    private final ZoneId zone;
    private final Instant exportedAt;
    private final Map<String, Integer> counts;
    private final Map<String, ArrayNode> files;

    ExportXlsx(PersonalDataDao.Officer officer, ZoneId zone, Instant exportedAt, Map<String, Integer> counts,
               Map<String, ArrayNode> files) {
        this.officer = officer;
        this.zone = zone;
        this.exportedAt = exportedAt;
        this.counts = counts;
        this.files = files;
    }

    void write(OutputStream out) throws IOException {
        try (SXSSFWorkbook book = new SXSSFWorkbook(500)) {
            Font boldFont = book.createFont();
            boldFont.setBold(true);
            CellStyle bold = book.createCellStyle();
            bold.setFont(boldFont);
            summary(book, bold);
            table(book, bold, "Chấm công - Punches", List.of("Ngày / Date", "Giờ / Time", "Máy / Sensor", "Nguồn / Source"),
                    punches());
            table(book, bold, "Ngày công - Attendance", List.of("Ngày / Date", "Buổi / Session", "Trạng thái / Status",
                    "Vào / In", "Ra / Out", "Muộn (phút) / Late (min)", "Về sớm (phút) / Early (min)", "Loại nghỉ / Leave"),
                    rows("attendance_days.json", n -> List.of(date(n, "work_date"), text(n, "part"), text(n, "status"),
                            time(n, "in_at"), time(n, "out_at"), text(n, "late_minutes"), text(n, "early_leave_minutes"),
                            text(n, "leave_code"))));
            table(book, bold, "Nghỉ phép - Leave", List.of("Từ / From", "Đến / To", "Loại / Type", "Số ngày / Days",
                    "Trạng thái / Status", "Lý do / Reason"),
                    rows("leave_requests.json", n -> List.of(date(n, "start_date") + " " + text(n, "start_part"),
                            date(n, "end_date") + " " + text(n, "end_part"), text(n, "leave_type_name"), text(n, "days"),
                            text(n, "status"), text(n, "reason"))));
            table(book, bold, "Hiện diện - Presence", List.of("Ngày / Date", "Buổi / Session", "Quầy / Counter",
                    "Từ / From", "Đến / To", "Trạng thái / State"),
                    rows("presence.json", n -> List.of(date(n, "date"), text(n, "session"),
                            text(n, "counter_number") + " " + text(n, "counter_name"), time(n, "from"), time(n, "to"),
                            text(n, "state"))));
            table(book, bold, "Lượt xem - Reads", List.of("Lúc / When", "Người xem / By", "Xem gì / What", "Nội dung / Which"),
                    rows("reads_of_my_records.json", n -> List.of(dateTime(n, "at"),
                            text(n, "by") + (n.path("byName").isTextual() ? " (" + text(n, "byName") + ")" : ""),
                            READS.getOrDefault(text(n, "what"), text(n, "what")), text(n, "label"))));
            book.write(out);
        }
    }

    private void summary(SXSSFWorkbook book, CellStyle bold) {
        SXSSFSheet sheet = book.createSheet("Tổng quan - Summary");
        int r = 0;
        cell(sheet.createRow(r++), 0, "OnDuty · Dữ liệu cá nhân / Personal data", bold);
        Row name = sheet.createRow(r++);
        cell(name, 0, "Họ tên / Name", bold);
        cell(name, 1, officer.fullName(), null);
        Row code = sheet.createRow(r++);
        cell(code, 0, "Mã cán bộ / Staff code", bold);
        cell(code, 1, officer.code(), null);
        Row at = sheet.createRow(r++);
        cell(at, 0, "Xuất lúc / Exported at", bold);
        cell(at, 1, exportedAt.atZone(zone).format(DATE_TIME) + " (" + zone + ")", null);
        r++;
        Row head = sheet.createRow(r++);
        List<String> headings = List.of("Tệp / File", "Số dòng / Rows", "Nội dung", "Contents");
        for (int i = 0; i < headings.size(); i++) {
            cell(head, i, headings.get(i), bold);
        }
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            Row row = sheet.createRow(r++);
            String[] d = PersonalDataExport.DESCRIPTIONS.getOrDefault(c.getKey(), new String[] {"", ""});
            cell(row, 0, c.getKey(), null);
            row.createCell(1).setCellValue(c.getValue());
            cell(row, 2, d[0], null);
            cell(row, 3, d[1], null);
        }
        sheet.setColumnWidth(0, 40 * 256);
        sheet.setColumnWidth(1, 14 * 256);
        sheet.setColumnWidth(2, 60 * 256);
        sheet.setColumnWidth(3, 60 * 256);
    }

    /** The sensor's punches and those approved corrections added, in the order they happened. */
    private List<List<String>> punches() {
        List<Map.Entry<Instant, List<String>>> all = new java.util.ArrayList<>();
        for (String file : List.of("punches.json", "manual_punches.json")) {
            ArrayNode a = files.get(file);
            if (a == null) {
                continue;
            }
            for (JsonNode n : a) {
                boolean sensor = file.equals("punches.json");
                all.add(Map.entry(moment(text(n, "at")).toInstant(), List.of(date(n, "at"), time(n, "at"),
                        sensor ? "#" + text(n, "sensor_id") + " / " + text(n, "slot") : "",
                        sensor ? "Máy chấm công / Sensor" : "Điều chỉnh #" + text(n, "correction_id") + " / Correction")));
            }
        }
        all.sort(Map.Entry.comparingByKey());
        return all.stream().map(Map.Entry::getValue).toList();
    }

    private List<List<String>> rows(String file, java.util.function.Function<JsonNode, List<String>> columns) {
        ArrayNode a = files.get(file);
        List<List<String>> out = new java.util.ArrayList<>();
        if (a != null) {
            a.forEach(n -> out.add(columns.apply(n)));
        }
        return out;
    }

    private static void table(SXSSFWorkbook book, CellStyle bold, String name, List<String> headings,
                              List<List<String>> rows) {
        Sheet sheet = book.createSheet(name);
        Row head = sheet.createRow(0);
        for (int i = 0; i < headings.size(); i++) {
            cell(head, i, headings.get(i), bold);
            sheet.setColumnWidth(i, Math.max(14, headings.get(i).length() + 2) * 256);
        }
        int r = 1;
        for (List<String> values : rows) {
            Row row = sheet.createRow(r++);
            for (int i = 0; i < values.size(); i++) {
                cell(row, i, values.get(i), null);
            }
        }
        sheet.createFreezePane(0, 1);
    }

    private static void cell(Row row, int column, String value, CellStyle style) {
        var c = row.createCell(column);
        c.setCellValue(value == null ? "" : value);
        if (style != null) {
            c.setCellStyle(style);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    /** A date, or the date of a moment in the officer's zone. */
    private String date(JsonNode n, String field) {
        String v = text(n, field);
        if (v.length() == 10) {
            return java.time.LocalDate.parse(v).format(DATE);
        }
        return v.isEmpty() ? "" : moment(v).format(DATE);
    }

    private String time(JsonNode n, String field) {
        String v = text(n, field);
        return v.isEmpty() ? "" : moment(v).format(TIME);
    }

    private String dateTime(JsonNode n, String field) {
        String v = text(n, field);
        return v.isEmpty() ? "" : moment(v).format(DATE_TIME);
    }

    /** A stored moment (PostgreSQL's "2026-11-02T00:31:00+00:00", or Java's "...Z") in the officer's zone. */
    private java.time.ZonedDateTime moment(String v) {
        return OffsetDateTime.parse(v).atZoneSameInstant(zone);
    }
}
