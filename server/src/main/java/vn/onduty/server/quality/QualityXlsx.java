package vn.onduty.server.quality;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import vn.onduty.server.web.Messages;

/**
 * The dashboard's figures for a range as an Excel workbook: a summary, then one sheet each for
 * counters, services, days, officers, cover during leave and data-quality flags. Cells hold the numbers
 * the pages show (minutes and percents to one decimal); an empty cell is "nothing to average".
 */
public final class QualityXlsx {

    /** What goes in; counters and days are the rows the pages build (maps with "c"/"k" and "date"/"k"/"m"). */
    public record Report(String siteName, LocalDate from, LocalDate to, int target, Kpis site,
                         List<Map<String, Object>> counters, List<Kpis> services, List<Map<String, Object>> days,
                         List<QualityService.OfficerMeasures> officers, List<QualityService.Cover> covers,
                         List<QualityService.Flag> flags) {}

    public void write(Report r, Messages t, OutputStream out) throws IOException {
        try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);

            Sheet summary = book.createSheet(t.get("quality.xlsx.summary"));
            row(summary, 0, bold, t.get("quality.title"), r.siteName());
            row(summary, 1, null, t.get("quality.xlsx.range"), r.from() + " – " + r.to());
            row(summary, 2, null, t.get("quality.target"), r.target());
            header(summary, 4, bold, t, kpiHeader());
            kpiRow(summary, 5, r.site(), t.get("quality.xlsx.site"));

            Sheet counters = book.createSheet(t.get("quality.xlsx.counters"));
            header(counters, 0, bold, t, concat(List.of("quality.counter"), kpiHeader(), List.of("quality.coverage",
                    "quality.unattended", "quality.away", "quality.queueMinutes")));
            int i = 1;
            for (Map<String, Object> row : r.counters()) {
                QualityService.CounterMeasures c = (QualityService.CounterMeasures) row.get("c");
                Row x = counters.createRow(i++);
                set(x, 0, c.number() + " · " + c.name());
                kpiCells(x, 1, (Kpis) row.get("k"));
                set(x, 10, c.coveragePercent());
                set(x, 11, c.unattendedQueueMinutes());
                set(x, 12, c.awayMinutes());
                set(x, 13, c.queueMinutes());
            }

            Sheet services = book.createSheet(t.get("quality.xlsx.services"));
            header(services, 0, bold, t, concat(List.of("quality.service"), kpiHeader(), List.of()));
            i = 1;
            for (Kpis k : r.services()) {
                Row x = services.createRow(i++);
                set(x, 0, k.key() == null ? t.get("quality.noService") : k.key());
                kpiCells(x, 1, k);
            }

            Sheet days = book.createSheet(t.get("quality.xlsx.days"));
            header(days, 0, bold, t, concat(List.of("quality.date"), kpiHeader(), List.of("quality.unattended", "quality.away")));
            i = 1;
            for (Map<String, Object> row : r.days()) {
                Row x = days.createRow(i++);
                set(x, 0, row.get("date").toString());
                kpiCells(x, 1, (Kpis) row.get("k"));
                QualityService.DayMeasures m = (QualityService.DayMeasures) row.get("m");
                if (m != null) {
                    set(x, 10, m.unattendedQueueMinutes());
                    set(x, 11, m.awayMinutes());
                }
            }

            Sheet officers = book.createSheet(t.get("quality.xlsx.officers"));
            header(officers, 0, bold, t, List.of("quality.officer", "quality.rostered", "quality.present", "quality.presence",
                    "quality.clockedIn", "quality.away", "quality.served", "quality.avgWait", "quality.satisfaction"));
            i = 1;
            for (QualityService.OfficerMeasures o : r.officers()) {
                Row x = officers.createRow(i++);
                set(x, 0, o.code() + " " + o.name());
                set(x, 1, o.rosteredMinutes());
                set(x, 2, o.presentMinutes());
                set(x, 3, o.presencePercent());
                set(x, 4, o.clockedInMinutes());
                set(x, 5, o.awayMinutes());
                if (o.tickets() != null) {
                    set(x, 6, (double) o.tickets().served());
                    set(x, 7, o.tickets().avgWaitMinutes());
                    set(x, 8, o.tickets().satisfactionPercent());
                }
            }

            Sheet covers = book.createSheet(t.get("quality.xlsx.covers"));
            header(covers, 0, bold, t, List.of("quality.date", "quality.session", "quality.counter", "quality.substitute",
                    "quality.replaced", "quality.reason", "quality.clockedIn", "quality.occupiedWhileIn"));
            i = 1;
            for (QualityService.Cover c : r.covers()) {
                Row x = covers.createRow(i++);
                set(x, 0, c.date().toString());
                set(x, 1, t.get("session." + c.part()));
                set(x, 2, (double) c.counterNumber());
                set(x, 3, c.substitute());
                set(x, 4, c.replaced());
                set(x, 5, c.leave() == null ? c.reason() : c.leave().typeName(t.language()) + " ("
                        + t.get("leave.requestRef", String.valueOf(c.leave().requestId())) + ")");
                set(x, 6, c.clockedInMinutes());
                set(x, 7, c.occupiedWhileClockedInMinutes());
            }

            Sheet flags = book.createSheet(t.get("quality.xlsx.flags"));
            header(flags, 0, bold, t, List.of("quality.date", "quality.flag", "quality.counter", "quality.officer",
                    "quality.ticket", "quality.minutes"));
            i = 1;
            for (QualityService.Flag f : r.flags()) {
                Row x = flags.createRow(i++);
                set(x, 0, f.date().toString());
                set(x, 1, t.get("quality.flag." + f.kind()));
                set(x, 2, f.counterNumber() == null ? null : (double) f.counterNumber());
                set(x, 3, f.officer());
                set(x, 4, f.ticketNumber());
                set(x, 5, f.minutes());
            }
            book.write(out);
        }
    }

    private static List<String> kpiHeader() {
        return List.of("quality.issued", "quality.served", "quality.noShow", "quality.avgWait", "quality.maxWait",
                "quality.overTarget", "quality.avgService", "quality.rated", "quality.satisfaction");
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }

    private static void kpiRow(Sheet sheet, int r, Kpis k, String label) {
        Row x = sheet.createRow(r);
        set(x, 0, label);
        kpiCells(x, 1, k);
    }

    private static void kpiCells(Row x, int from, Kpis k) {
        if (k == null) {
            return;
        }
        set(x, from, (double) k.issued());
        set(x, from + 1, (double) k.served());
        set(x, from + 2, k.noShowPercent());
        set(x, from + 3, k.avgWaitMinutes());
        set(x, from + 4, k.maxWaitMinutes());
        set(x, from + 5, k.overTargetPercent());
        set(x, from + 6, k.avgServiceMinutes());
        set(x, from + 7, (double) k.rated());
        set(x, from + 8, k.satisfactionPercent());
    }

    private static void header(Sheet sheet, int r, CellStyle bold, Messages t, List<String> keys) {
        Row x = sheet.createRow(r);
        for (int i = 0; i < keys.size(); i++) {
            Cell c = x.createCell(i);
            c.setCellValue(t.get(keys.get(i)));
            c.setCellStyle(bold);
        }
    }

    private static void row(Sheet sheet, int r, CellStyle style, String label, Object value) {
        Row x = sheet.createRow(r);
        Cell c = x.createCell(0);
        c.setCellValue(label);
        if (style != null) {
            c.setCellStyle(style);
        }
        if (value instanceof Number n) {
            x.createCell(1).setCellValue(n.doubleValue());
        } else {
            x.createCell(1).setCellValue(String.valueOf(value));
        }
    }

    private static void set(Row x, int col, String value) {
        if (value != null) {
            x.createCell(col).setCellValue(value);
        }
    }

    private static void set(Row x, int col, Double value) {
        if (value != null) {
            x.createCell(col).setCellValue(value);
        }
    }
}
