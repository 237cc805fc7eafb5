package vn.onduty.server.org.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vn.onduty.server.web.Messages;

/**
 * The organisation template (/admin/imports/template.xlsx): one sheet per kind of record in the order they are
 * imported, each with its columns headed in Vietnamese (required ones in bold), a note on each header saying how to
 * write its cells, and a last sheet of instructions. An import finds its sheets and columns by these names.
 */
final class OrgTemplate {

    private OrgTemplate() {}

    /** The template in the given language (the download is in Vietnamese). */
    static byte[] write(Messages t) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFCellStyle required = header(book, true);
            XSSFCellStyle optional = header(book, false);
            for (OrgSheet kind : OrgSheet.values()) {
                Sheet sheet = book.createSheet(t.get(kind.labelKey()));
                Row row = sheet.createRow(0);
                Drawing<?> drawing = sheet.createDrawingPatriarch();
                for (int i = 0; i < kind.columns().size(); i++) {
                    OrgSheet.Column c = kind.columns().get(i);
                    var cell = row.createCell(i);
                    cell.setCellValue(t.get(kind.labelKey(c)));
                    cell.setCellStyle(c.required() ? required : optional);
                    ClientAnchor anchor = book.getCreationHelper().createClientAnchor();
                    anchor.setCol1(i);
                    anchor.setCol2(i + 3);
                    anchor.setRow1(0);
                    anchor.setRow2(4);
                    Comment note = drawing.createCellComment(anchor);
                    note.setString(book.getCreationHelper().createRichTextString(
                            (c.required() ? t.get("orgImport.template.required") + " " : "")
                                    + t.get("orgImport.hint." + c.cell().name())));
                    cell.setCellComment(note);
                    sheet.setColumnWidth(i, 24 * 256);
                }
                sheet.createFreezePane(0, 1);
            }
            Sheet help = book.createSheet(t.get("orgImport.template.helpSheet"));
            help.setColumnWidth(0, 120 * 256);
            String[] lines = t.get("orgImport.template.help").split("\\|");
            for (int i = 0; i < lines.length; i++) {
                help.createRow(i).createCell(0).setCellValue(lines[i].strip());
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XSSFCellStyle header(XSSFWorkbook book, boolean required) {
        XSSFCellStyle style = book.createCellStyle();
        Font font = book.createFont();
        font.setBold(required);
        style.setFont(font);
        style.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        return style;
    }
}
