package vn.onduty.server.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vn.onduty.server.api.InvalidInputException;

/**
 * A spreadsheet an admin uploads (a queue system's export, the organisation's template) as tables of text: a header
 * row and the data rows, from a CSV file (UTF-8, with or without BOM; comma, semicolon or tab, whichever the header
 * uses most; quoted fields as RFC 4180) or from the sheets of an XLSX workbook (date cells written as
 * yyyy-MM-dd HH:mm:ss). Row numbers are the spreadsheet's: with the header in row 1, the first data row is row 2.
 */
public final class SheetFile {

    public static final int MAX_BYTES = 20 << 20;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One table: a CSV file, or one sheet of a workbook, named by the sheet (a CSV file by its file name). */
    public record Table(String name, List<String> header, List<List<String>> rows, int headerRow) {

        /** The spreadsheet row number of data row {@code i} (0-based). */
        public int rowNumber(int i) {
            return headerRow + 1 + i;
        }
    }

    private SheetFile() {}

    /** The CSV file, or the first sheet of the workbook. */
    public static Table first(String fileName, byte[] content) {
        return read(fileName, content, true).get(0);
    }

    /** The CSV file, or every sheet of the workbook that has a header row, in the workbook's order. */
    public static List<Table> all(String fileName, byte[] content) {
        return read(fileName, content, false);
    }

    private static List<Table> read(String fileName, byte[] content, boolean firstOnly) {
        if (content.length == 0) {
            throw InvalidInputException.field("file", "is empty");
        }
        boolean xlsx = content.length > 4 && content[0] == 'P' && content[1] == 'K';
        if (!xlsx && fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xls")) {
            throw InvalidInputException.field("file", "is an old Excel .xls file: save it as .xlsx or .csv");
        }
        List<Table> tables = xlsx ? xlsx(content, firstOnly) : List.of(csv(fileName, content));
        if (tables.isEmpty()) {
            throw InvalidInputException.field("file", "has no rows");
        }
        for (Table t : tables) {
            if (t.header().stream().allMatch(String::isBlank)) {
                throw InvalidInputException.field("file", "has no header row: the first row must name the columns");
            }
        }
        return tables;
    }

    private static Table csv(String fileName, byte[] content) {
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
        return split(fileName == null ? "upload" : fileName, all)
                .orElseThrow(() -> InvalidInputException.field("file", "has no rows"));
    }

    private static List<Table> xlsx(byte[] content, boolean firstOnly) {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            List<Table> tables = new ArrayList<>();
            for (int s = 0; s < (firstOnly ? Math.min(1, book.getNumberOfSheets()) : book.getNumberOfSheets()); s++) {
                Sheet sheet = book.getSheetAt(s);
                List<List<String>> all = new ArrayList<>();
                int last = sheet.getLastRowNum();
                for (int r = Math.max(0, sheet.getFirstRowNum()); r <= last; r++) {
                    Row row = sheet.getRow(r);
                    List<String> cells = new ArrayList<>();
                    if (row != null) {
                        for (int c = 0; c < row.getLastCellNum(); c++) {
                            cells.add(text(row.getCell(c), formatter));
                        }
                    }
                    all.add(cells);
                }
                split(sheet.getSheetName(), all).ifPresent(tables::add);
            }
            if (firstOnly && tables.isEmpty()) {
                throw InvalidInputException.field("file", "has no rows");
            }
            return tables;
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

    /**
     * The first non-empty row is the header; trailing empty rows are dropped, empty rows between data rows are kept
     * (with their numbers). Empty when the table has no row at all.
     */
    private static Optional<Table> split(String name, List<List<String>> all) {
        int h = 0;
        while (h < all.size() && all.get(h).stream().allMatch(String::isBlank)) {
            h++;
        }
        if (h >= all.size()) {
            return Optional.empty();
        }
        List<List<String>> rows = new ArrayList<>(all.subList(h + 1, all.size()));
        while (!rows.isEmpty() && rows.get(rows.size() - 1).stream().allMatch(String::isBlank)) {
            rows.remove(rows.size() - 1);
        }
        return Optional.of(new Table(name, all.get(h), rows, h + 1));
    }
}
