package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ticket import's problems, stated in English by the import, as the pages show them in Vietnamese and English. */
class ImportTextsTest {

    static final I18n I18N = new I18n("vi");

    static Stream<Arguments> rowProblems() {
        return Stream.of(
                Arguments.of("row 3: rating: '7' is not 1 to 5 stars",
                        "Đánh giá: ‘7’ không nằm trong khoảng 1 đến 5 sao", "Rating: ‘7’ is not 1 to 5 stars"),
                Arguments.of("row 5: issuedAt: '08:70' is not a time such as 2026-11-26 08:15 or 26/11/2026 08:15",
                        "Giờ lấy số: ‘08:70’ không phải là thời điểm (ví dụ 2026-11-26 08:15 hoặc 26/11/2026 08:15)",
                        "Issued at: ‘08:70’ is not a time (such as 2026-11-26 08:15 or 26/11/2026 08:15)"),
                Arguments.of("row 6: counterNumber: the site has no counter 99999",
                        "Số quầy: điểm phục vụ không có quầy số 99999", "Counter number: the site has no counter 99999"),
                Arguments.of("row 7: calledAt: must not be before issuedAt",
                        "Giờ gọi: không được sớm hơn giờ lấy số", "Called at: must not be before the ticket was issued"),
                Arguments.of("row 8: number: is empty", "Số phiếu: để trống", "Ticket number: is empty"),
                Arguments.of("row 9: outcome: 'xong việc' is not served, no-show or transferred (nor đã phục vụ, vắng mặt,"
                                + " chuyển quầy)", "Kết quả: ‘xong việc’ không phải là đã phục vụ, vắng mặt hay chuyển quầy",
                        "Outcome: ‘xong việc’ is not served, no-show or transferred"),
                Arguments.of("row 4: issuedAt: 2026-11-19T17:30:00Z is on 2026-11-20 in the site's zone, not on the service"
                                + " day 2026-11-19",
                        "Giờ lấy số: theo giờ của điểm phục vụ là ngày 2026-11-20, không phải ngày giao dịch 2026-11-19",
                        "Issued at: is on 2026-11-20 in the site’s time zone, not on the service day 2026-11-19"),
                // Said in no words OnDuty knows: the field is named, the rest stays as it came.
                Arguments.of("row 2: service: something new", "Dịch vụ: something new", "Service: something new"));
    }

    @ParameterizedTest
    @MethodSource("rowProblems")
    void aRowsProblemNamesTheFieldByItsLabelInThePagesLanguage(String english, String vi, String en) {
        assertThat(ImportTexts.rowProblem(english, I18N.of("vi"))).isEqualTo(vi);
        assertThat(ImportTexts.rowProblem(english, I18N.of("en"))).isEqualTo(en);
    }

    @Test
    void theChoiceToSkipBadRowsIsNamedAsTheCheckboxNamesIt() {
        // As InvalidInputException.field says it: the field, a space, the problem.
        String refused = "skipBad the file has 2 rows with problems: correct them and upload it again, or choose to skip"
                + " those rows";

        assertThat(ImportTexts.problem(refused, I18N.of("vi")))
                .isEqualTo("Tệp có 2 dòng có lỗi: hãy sửa rồi tải tệp lên lại, hoặc chọn “Bỏ qua 2 dòng có lỗi” để chỉ"
                        + " nhập các dòng đúng.")
                .contains(I18N.of("vi").get("imports.skipBad", 2));
        assertThat(ImportTexts.problem(refused, I18N.of("en"))).contains(I18N.of("en").get("imports.skipBad", 2));
    }

    @Test
    void mappingAndUploadProblemsNameTheFieldToo() {
        assertThat(ImportTexts.problem("issuedAt: choose the column that holds it", I18N.of("vi")))
                .isEqualTo("Giờ lấy số: hãy chọn cột chứa thông tin này");
        assertThat(ImportTexts.problem("rating: the file has no column 'Điểm'", I18N.of("vi")))
                .isEqualTo("Đánh giá: tệp không có cột ‘Điểm’");
        assertThat(ImportTexts.problem("file: choose a CSV or XLSX file", I18N.of("vi"))).isEqualTo("Tệp: hãy chọn tệp CSV hoặc XLSX");
        assertThat(ImportTexts.problem("file has no header row: the first row must name the columns", I18N.of("vi")))
                .isEqualTo("Tệp: không có dòng tiêu đề: dòng đầu tiên phải ghi tên các cột");
    }

    @Test
    void aTextOfNoKnownFieldIsShownAsItIs() {
        assertThat(ImportTexts.problem("The file is already being imported", I18N.of("vi")))
                .isEqualTo("The file is already being imported");
    }

    @Test
    void everyProblemKeyHasATextInBothLanguages() {
        for (String language : I18n.LANGUAGES) {
            ImportTexts.PROBLEMS.values().forEach(k -> assertThat(I18N.of(language).has(k)).as(language + " " + k).isTrue());
            ImportTexts.FIELDS.values().forEach(k -> assertThat(I18N.of(language).has(k)).as(language + " " + k).isTrue());
        }
    }
}
