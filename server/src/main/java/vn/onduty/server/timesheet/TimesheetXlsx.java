package vn.onduty.server.timesheet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes a {@link Timesheet} as an XLSX file in the layout of form C01a-HD: the paying unit ("Đơn vị", the
 * officers' department or agency, with its budget relation code "Mã QHNS") and the division ("Bộ phận", the service
 * center's site), the form code and legal basis as admins set them (Circular 24/2024/TT-BTC by default), title and
 * month, the header with a column per day and the three totals, one row per officer with the grade column, the
 * legend and the signature block. Each paying unit files its own officers, so a whole site's sheet is one worksheet
 * per department. The cells hold exactly the strings and numbers of the {@link Timesheet}, so the JSON and the file
 * agree. Always Vietnamese: it is the form the unit files.
 *
 * <p>Streaming (SXSSF) so a sheet of a thousand officers is written in bounded memory.
 */
public final class TimesheetXlsx {

    /** Column positions, fixed by the form: A STT, B name, C grade or post, then the days. */
    public static final int FIRST_DAY_COLUMN = 3;
    /** The first row of officers; rows above are the form's heading. */
    public static final int FIRST_BODY_ROW = 10;
    private static final String FONT = "Times New Roman";

    public void write(Timesheet sheet, OutputStream out) throws IOException {
        try (SXSSFWorkbook book = new SXSSFWorkbook(200)) {
            List<Timesheet> units = sheet.byUnit();
            if (units.isEmpty()) {
                units = List.of(sheet);
            }
            for (int i = 0; i < units.size(); i++) {
                String name = units.size() == 1 ? sheet.form().formCode() + " " + sheet.month()
                        : (i + 1) + " " + units.get(i).departmentName();
                new Writer(book, units.get(i), safeName(name)).write();
            }
            book.write(out);
        }
    }

    /** A worksheet name Excel accepts: at most 31 characters, none of : \\ / ? * [ ]. */
    static String safeName(String name) {
        String clean = name.replaceAll("[:\\\\/?*\\[\\]]", " ").strip();
        return clean.length() > 31 ? clean.substring(0, 31) : clean;
    }

    private static final class Writer {
        private final SXSSFWorkbook book;
        private final Timesheet ts;
        private final Sheet sheet;
        private final int days;
        private final int lastColumn;
        private final CellStyle plain;
        private final CellStyle bold;
        private final CellStyle italic;
        private final CellStyle title;
        private final CellStyle centered;
        private final CellStyle centeredItalic;
        private final CellStyle header;
        private final CellStyle headerClosed;
        private final CellStyle body;
        private final CellStyle bodyLeft;
        private final CellStyle bodyClosed;
        private final CellStyle bodyNumber;
        private final CellStyle group;
        private final CellStyle totalLabel;
        private final CellStyle totalNumber;

        Writer(SXSSFWorkbook book, Timesheet ts, String name) {
            this.book = book;
            this.ts = ts;
            this.sheet = book.createSheet(name);
            this.days = ts.days().size();
            this.lastColumn = FIRST_DAY_COLUMN + days + 2;
            Font normalFont = font(false, false, 11);
            Font boldFont = font(true, false, 11);
            Font italicFont = font(false, true, 11);
            plain = style(normalFont, HorizontalAlignment.LEFT, false, false, false);
            bold = style(boldFont, HorizontalAlignment.LEFT, false, false, false);
            italic = style(italicFont, HorizontalAlignment.LEFT, false, false, false);
            title = style(font(true, false, 14), HorizontalAlignment.CENTER, false, false, false);
            centered = style(boldFont, HorizontalAlignment.CENTER, false, false, false);
            centeredItalic = style(italicFont, HorizontalAlignment.CENTER, false, false, false);
            header = style(boldFont, HorizontalAlignment.CENTER, true, false, true);
            headerClosed = style(boldFont, HorizontalAlignment.CENTER, true, true, true);
            body = style(normalFont, HorizontalAlignment.CENTER, true, false, false);
            bodyLeft = style(normalFont, HorizontalAlignment.LEFT, true, false, false);
            bodyClosed = style(normalFont, HorizontalAlignment.CENTER, true, true, false);
            bodyNumber = style(normalFont, HorizontalAlignment.CENTER, true, false, false);
            group = style(boldFont, HorizontalAlignment.LEFT, true, false, false);
            totalLabel = style(boldFont, HorizontalAlignment.CENTER, true, false, false);
            totalNumber = style(boldFont, HorizontalAlignment.CENTER, true, false, false);
        }

        void write() {
            columns();
            heading();
            int next = tableHeader();
            next = body(next);
            next = legend(next + 1);
            signatures(next + 1);
            page();
        }

        private void columns() {
            sheet.setColumnWidth(0, 5 * 256);
            sheet.setColumnWidth(1, 26 * 256);
            sheet.setColumnWidth(2, 16 * 256);
            for (int i = 0; i < days; i++) {
                sheet.setColumnWidth(FIRST_DAY_COLUMN + i, 5 * 256);
            }
            for (int i = 0; i < 3; i++) {
                sheet.setColumnWidth(FIRST_DAY_COLUMN + days + i, 11 * 256);
            }
        }

        private void heading() {
            int right = Math.max(FIRST_DAY_COLUMN + days - 8, 12);
            Timesheet.Unit unit = ts.departmentId() == null ? new Timesheet.Unit(0, ts.siteName(), null)
                    : ts.unit(ts.departmentId(), ts.departmentName());
            text(0, 0, "Đơn vị: " + unit.unitName(), bold);
            text(0, right, "Mẫu số: " + ts.form().formCode(), centered);
            merge(0, 0, right, lastColumn);
            text(1, 0, "Bộ phận: " + ts.siteName(), bold);
            text(1, right, ts.form().legalBasis(), centeredItalic);
            merge(1, 1, right, lastColumn);
            if (unit.budgetCode() != null) {
                text(2, 0, "Mã QHNS: " + unit.budgetCode(), bold);
            }
            text(3, 0, "BẢNG CHẤM CÔNG", title);
            merge(3, 3, 0, lastColumn);
            String month = "Tháng " + ts.yearMonth().getMonthValue() + " năm " + ts.yearMonth().getYear();
            if (ts.provisional()) {
                month += " (tạm tính)";
            }
            if (ts.locked()) {
                month += " (đã khóa sổ)";
            }
            text(4, 0, month, centeredItalic);
            merge(4, 4, 0, lastColumn);
        }

        /** Rows 6-9: the three header rows and the row of column letters and numbers. */
        private int tableHeader() {
            Row r6 = row(6);
            Row r7 = row(7);
            Row r8 = row(8);
            Row r9 = row(9);
            r6.setHeightInPoints(18);
            r7.setHeightInPoints(30);
            r8.setHeightInPoints(30);
            String[] fixed = {"STT", "Họ và tên", "Ngạch, bậc lương hoặc cấp bậc chức vụ"};
            String[] letters = {"A", "B", "C"};
            for (int c = 0; c < 3; c++) {
                boxed(r6, c, fixed[c], header);
                boxed(r7, c, "", header);
                boxed(r8, c, "", header);
                boxed(r9, c, letters[c], header);
                merge(6, 8, c, c);
            }
            for (int i = 0; i < days; i++) {
                Timesheet.Day d = ts.days().get(i);
                CellStyle s = d.closed() ? headerClosed : header;
                int c = FIRST_DAY_COLUMN + i;
                boxed(r6, c, i == 0 ? "Ngày trong tháng" : "", header);
                numberCell(r7, c, d.day(), s);
                boxed(r8, c, d.weekday(), s);
                numberCell(r9, c, d.day(), s);
            }
            merge(6, 6, FIRST_DAY_COLUMN, FIRST_DAY_COLUMN + days - 1);
            String[] totals = {"Số công hưởng lương thời gian", "Số công nghỉ không lương", "Số công hưởng BHXH"};
            for (int i = 0; i < 3; i++) {
                int c = FIRST_DAY_COLUMN + days + i;
                boxed(r6, c, i == 0 ? "Quy ra công" : "", header);
                boxed(r7, c, totals[i], header);
                boxed(r8, c, "", header);
                numberCell(r9, c, 32 + i, header);
                merge(7, 8, c, c);
            }
            merge(6, 6, FIRST_DAY_COLUMN + days, FIRST_DAY_COLUMN + days + 2);
            return FIRST_BODY_ROW;
        }

        private int body(int next) {
            boolean groups = ts.departmentId() == null;
            Long current = null;
            for (Timesheet.Row r : ts.rows()) {
                if (groups && !Objects.equals(current, r.departmentId())) {
                    current = r.departmentId();
                    Row g = row(next);
                    boxed(g, 0, r.departmentName(), group);
                    for (int c = 1; c <= lastColumn; c++) {
                        boxed(g, c, "", group);
                    }
                    merge(next, next, 0, lastColumn);
                    next++;
                }
                Row row = row(next++);
                numberCell(row, 0, r.no(), body);
                boxed(row, 1, r.fullName(), bodyLeft);
                boxed(row, 2, r.gradeOrPosition() == null ? "" : r.gradeOrPosition(), bodyLeft);
                for (int i = 0; i < days; i++) {
                    boxed(row, FIRST_DAY_COLUMN + i, r.cells().get(i), ts.days().get(i).closed() ? bodyClosed : body);
                }
                numberCell(row, FIRST_DAY_COLUMN + days, r.paidDays().doubleValue(), bodyNumber);
                numberCell(row, FIRST_DAY_COLUMN + days + 1, r.unpaidDays().doubleValue(), bodyNumber);
                numberCell(row, FIRST_DAY_COLUMN + days + 2, r.insuranceDays().doubleValue(), bodyNumber);
            }
            Row total = row(next);
            boxed(total, 0, "Cộng", totalLabel);
            for (int c = 1; c < FIRST_DAY_COLUMN + days; c++) {
                boxed(total, c, "", totalLabel);
            }
            merge(next, next, 0, FIRST_DAY_COLUMN + days - 1);
            numberCell(total, FIRST_DAY_COLUMN + days, ts.totals().paidDays().doubleValue(), totalNumber);
            numberCell(total, FIRST_DAY_COLUMN + days + 1, ts.totals().unpaidDays().doubleValue(), totalNumber);
            numberCell(total, FIRST_DAY_COLUMN + days + 2, ts.totals().insuranceDays().doubleValue(), totalNumber);
            return next + 1;
        }

        /** "Ký hiệu chấm công", four entries a line; symbols shared by several codes are listed once. */
        private int legend(int next) {
            text(next++, 0, "Ký hiệu chấm công:", bold);
            List<String> entries = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (Timesheet.LegendEntry e : ts.legend()) {
                if (!seen.contains(e.symbol())) {
                    seen.add(e.symbol());
                    entries.add(e.symbol() + " : " + e.labelVi());
                } else {
                    int i = seen.indexOf(e.symbol());
                    entries.set(i, entries.get(i) + ", " + e.labelVi().toLowerCase(java.util.Locale.forLanguageTag("vi")));
                }
            }
            entries.add("a/b : buổi sáng a, buổi chiều b");
            int perLine = 4;
            int span = Math.max((lastColumn + 1) / perLine, 1);
            for (int i = 0; i < entries.size(); i += perLine) {
                for (int j = 0; j < perLine && i + j < entries.size(); j++) {
                    int c = j * span;
                    text(next, c, entries.get(i + j), plain);
                    if (span > 1) {
                        merge(next, next, c, Math.min(c + span - 1, lastColumn));
                    }
                }
                next++;
            }
            return next;
        }

        private void signatures(int next) {
            int third = (lastColumn + 1) / 3;
            text(next, 2 * third, "Ngày ..... tháng ..... năm .........", centeredItalic);
            merge(next, next, 2 * third, lastColumn);
            next++;
            String[] who = {"Người chấm công", "Phụ trách bộ phận", "Người duyệt"};
            for (int i = 0; i < 3; i++) {
                int from = i * third;
                int to = i == 2 ? lastColumn : from + third - 1;
                text(next, from, who[i], centered);
                merge(next, next, from, to);
                text(next + 1, from, "(Ký, họ tên)", centeredItalic);
                merge(next + 1, next + 1, from, to);
            }
        }

        private void page() {
            PrintSetup print = sheet.getPrintSetup();
            print.setLandscape(true);
            print.setPaperSize(PrintSetup.A4_PAPERSIZE);
            print.setFitWidth((short) 1);
            print.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setAutobreaks(true);
            sheet.setRepeatingRows(new CellRangeAddress(6, 9, -1, -1));
            sheet.createFreezePane(FIRST_DAY_COLUMN, FIRST_BODY_ROW);
        }

        private Row row(int index) {
            Row r = sheet.getRow(index);
            return r == null ? sheet.createRow(index) : r;
        }

        private void text(int rowIndex, int column, String value, CellStyle style) {
            boxed(row(rowIndex), column, value, style);
        }

        private static void boxed(Row row, int column, String value, CellStyle style) {
            Cell c = row.createCell(column);
            c.setCellValue(value);
            c.setCellStyle(style);
        }

        private static void numberCell(Row row, int column, double value, CellStyle style) {
            Cell c = row.createCell(column);
            c.setCellValue(value);
            c.setCellStyle(style);
        }

        private void merge(int firstRow, int lastRow, int firstColumn, int lastColumnIndex) {
            if (firstRow == lastRow && firstColumn >= lastColumnIndex) {
                return;
            }
            sheet.addMergedRegion(new CellRangeAddress(firstRow, lastRow, firstColumn, lastColumnIndex));
        }

        private Font font(boolean isBold, boolean isItalic, int points) {
            Font f = book.createFont();
            f.setFontName(FONT);
            f.setFontHeightInPoints((short) points);
            f.setBold(isBold);
            f.setItalic(isItalic);
            return f;
        }

        private CellStyle style(Font font, HorizontalAlignment align, boolean border, boolean shaded, boolean wrap) {
            CellStyle s = book.createCellStyle();
            s.setFont(font);
            s.setAlignment(align);
            s.setVerticalAlignment(VerticalAlignment.CENTER);
            s.setWrapText(wrap);
            if (border) {
                s.setBorderTop(BorderStyle.THIN);
                s.setBorderBottom(BorderStyle.THIN);
                s.setBorderLeft(BorderStyle.THIN);
                s.setBorderRight(BorderStyle.THIN);
            }
            if (shaded) {
                s.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            }
            return s;
        }
    }
}
