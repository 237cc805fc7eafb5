package vn.onduty.server.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The organisation template filled in as an admin fills it: rows added under the headers of a sheet, found by the
 * header's text (so a test writes {@code "Mã cán bộ"}, as a person reads it), numbers as numbers, dates as date cells.
 */
public final class OrgWorkbook {

    private final XSSFWorkbook book;
    private final CellStyle date;

    private OrgWorkbook(XSSFWorkbook book) {
        this.book = book;
        this.date = book.createCellStyle();
        date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
    }

    /** The template as downloaded from /admin/imports/template.xlsx. */
    public static OrgWorkbook of(byte[] template) {
        try {
            return new OrgWorkbook(new XSSFWorkbook(new ByteArrayInputStream(template)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sheet names, in order. */
    public List<String> sheets() {
        List<String> out = new ArrayList<>();
        book.forEach(s -> out.add(s.getSheetName()));
        return out;
    }

    /** A sheet's headers (row 1), in order. */
    public List<String> headers(String sheet) {
        List<String> out = new ArrayList<>();
        book.getSheet(sheet).getRow(0).forEach(c -> out.add(c.getStringCellValue()));
        return out;
    }

    /** Appends a row to a sheet: header text to value (String, Number or LocalDate); a header the sheet lacks fails. */
    public OrgWorkbook add(String sheetName, Map<String, ?> byHeader) {
        Sheet sheet = book.getSheet(sheetName);
        if (sheet == null) {
            throw new IllegalArgumentException("The template has no sheet " + sheetName + ": " + sheets());
        }
        List<String> headers = headers(sheetName);
        Row row = sheet.createRow(sheet.getLastRowNum() + 1);
        byHeader.forEach((header, value) -> {
            int i = headers.indexOf(header);
            if (i < 0) {
                throw new IllegalArgumentException("Sheet " + sheetName + " has no column " + header + ": " + headers);
            }
            Cell cell = row.createCell(i);
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else if (value instanceof LocalDate d) {
                cell.setCellValue(d);
                cell.setCellStyle(date);
            } else if (value != null) {
                cell.setCellValue(value.toString());
            }
        });
        return this;
    }

    public byte[] bytes() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
