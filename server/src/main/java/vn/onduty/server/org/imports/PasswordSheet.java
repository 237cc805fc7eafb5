package vn.onduty.server.org.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import vn.onduty.server.org.account.AccountService;
import vn.onduty.server.web.Messages;

/** The initial passwords of an import's new accounts as a sheet to print or pass on: username, name, password. */
final class PasswordSheet {

    private PasswordSheet() {}

    /** {@code names}: staff id to full name, for the accounts that belong to a staff member. */
    static byte[] write(List<AccountService.InitialPassword> passwords, Map<Long, String> names, Messages t) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet(t.get("orgImport.passwords.sheet"));
            Row head = sheet.createRow(0);
            head.createCell(0).setCellValue(t.get("orgImport.column.ACCOUNTS.username"));
            head.createCell(1).setCellValue(t.get("orgImport.column.STAFF.fullName"));
            head.createCell(2).setCellValue(t.get("orgImport.passwords.password"));
            for (int i = 0; i < passwords.size(); i++) {
                AccountService.InitialPassword p = passwords.get(i);
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(p.account().username());
                Long staff = p.account().staffId();
                row.createCell(1).setCellValue(staff == null ? "" : names.getOrDefault(staff, ""));
                row.createCell(2).setCellValue(p.password());
            }
            for (int c = 0; c < 3; c++) {
                sheet.setColumnWidth(c, 28 * 256);
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
