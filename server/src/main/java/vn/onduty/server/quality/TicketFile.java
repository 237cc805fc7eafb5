package vn.onduty.server.quality;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vn.onduty.server.api.InvalidInputException;

/**
 * An export of a queue system as a table of text: the header row and the data rows, from a CSV file
 * (UTF-8, with or without BOM; comma, semicolon or tab, whichever the header uses most; quoted fields
 * as RFC 4180) or from the first sheet of an XLSX workbook (date cells written as yyyy-MM-dd HH:mm:ss).
 * Row numbers are the spreadsheet's: with the header in row 1, the first data row is row 2.
 */
record TicketFile(List<String> header, List<List<String>> rows, int headerRow) {

    public static final int MAX_BYTES = 20 << 20;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static TicketFile read(String fileName, byte[] content) {
        if (content.length == 0) {
            throw InvalidInputException.field("file", "is empty");
        }
        boolean xlsx = content.length > 4 && content[0] == 'P' && content[1] == 'K';
        if (!xlsx && fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xls")) {
            throw InvalidInputException.field("file", "is an old Excel .xls file: save it as .xlsx or .csv");
        }
        TicketFile f = xlsx ? xlsx(content) : csv(content);
        if (f.header().stream().allMatch(String::isBlank)) {
            throw InvalidInputException.field("file", "has no header row: the first row must name the columns");
        }
        return f;
    }

    private static TicketFile csv(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int firstLineEnd = text.indexOf('\n');
        String first = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
        char delimiter = ',';
        long best = first.chars().filter(c -> c == ',').count();
        for (char d : new char[] {';', '\t'}) {
            long n = first.chars().filter(c -> c == d).count();
            if (n > best) {
                best = n;
                delimiter = d;
            }
        }
        List<List<String>> all = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == delimiter) {
                row.add(field.toString().strip());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString().strip());
                field.setLength(0);
                all.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || !field.isEmpty()) {
            row.add(field.toString().strip());
            all.add(row);
        }
        return split(all);
    }

    private static TicketFile xlsx(byte[] content) {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            List<List<String>> all = new ArrayList<>();
            int last = sheet.getLastRowNum();
            for (int r = sheet.getFirstRowNum(); r <= last; r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                if (row != null) {
                    for (int c = 0; c < row.getLastCellNum(); c++) {
                        cells.add(text(row.getCell(c), formatter));
                    }
                }
                all.add(cells);
            }
            return split(all);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw InvalidInputException.field("file", "could not be read as an XLSX workbook: " + e.getMessage());
        }
    }

    private static String text(Cell cell, DataFormatter formatter) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        if (type == CellType.NUMERIC) {
            if (DateUtil.isCellDateFormatted(cell)) {
                return DATE_TIME.format(cell.getLocalDateTimeCellValue());
            }
            BigDecimal v = BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros();
            return v.scale() <= 0 ? v.toBigInteger().toString() : v.toPlainString();
        }
        return formatter.formatCellValue(cell).strip();
    }

    /** The first non-empty row is the header; empty rows after it are dropped but keep their numbers. */
    private static TicketFile split(List<List<String>> all) {
        int h = 0;
        while (h < all.size() && all.get(h).stream().allMatch(String::isBlank)) {
            h++;
        }
        if (h >= all.size()) {
            throw InvalidInputException.field("file", "has no rows");
        }
        List<List<String>> rows = new ArrayList<>(all.subList(h + 1, all.size()));
        while (!rows.isEmpty() && rows.get(rows.size() - 1).stream().allMatch(String::isBlank)) {
            rows.remove(rows.size() - 1);
        }
        return new TicketFile(all.get(h), rows, h + 1);
    }

    /** The spreadsheet row number of data row {@code i} (0-based). */
    int rowNumber(int i) {
        return headerRow + 1 + i;
    }
}
