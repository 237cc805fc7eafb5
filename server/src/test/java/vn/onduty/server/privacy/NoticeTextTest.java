package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeTextTest {

    static final PrivacyNotice DEFAULT = new PrivacyNotice(1, "Trung tâm PVHCC tỉnh Thừa Thiên Huế",
            "Chị Lê Thị Hoa, Văn phòng Trung tâm, 0234 3822 000", 60, null, null, Instant.EPOCH, null);

    @Test
    void theDefaultTextNamesTheControllerTheContactAndTheRetentionInEachLanguage() {
        String vi = NoticeText.render(DEFAULT, "vi", "- Nhật ký hệ thống: 1825 ngày");
        assertThat(vi).contains("Trung tâm PVHCC tỉnh Thừa Thiên Huế dùng OnDuty", "Chị Lê Thị Hoa, Văn phòng Trung tâm",
                "thôi việc 60 tháng", "Mẫu vân tay chỉ nằm trong máy chấm công", "Không lưu hình ảnh hay video",
                "Điều 19", "Điều 25", "Điều 4", "- Nhật ký hệ thống: 1825 ngày")
                .doesNotContain("{controller}", "{contact}", "{retention}", "{retentionPeriods}");
        String en = NoticeText.render(DEFAULT, "en", "- Audit log: 1825 days");
        assertThat(en).contains("60 months after your service ends", "No image or video is stored",
                "Art. 19(1)(c)", "- Audit log: 1825 days")
                .doesNotContain("{retention}", "{retentionPeriods}");
    }

    @Test
    void anAdministratorsOwnTextReplacesTheDefaultInItsLanguageOnly() {
        PrivacyNotice own = new PrivacyNotice(2, "UBND xã Phú Vang", "Văn phòng xã", 24, "## Riêng\nLiên hệ {contact}.",
                null, Instant.EPOCH, "quantri");
        assertThat(NoticeText.render(own, "vi", "")).isEqualTo("## Riêng\nLiên hệ Văn phòng xã.");
        assertThat(NoticeText.render(own, "en", "")).contains("UBND xã Phú Vang uses OnDuty", "24 months after");
    }

    @Test
    void headingsListsAndParagraphsAreCutIntoBlocks() {
        List<NoticeText.Block> blocks = NoticeText.blocks("""
                ## Dữ liệu
                Dòng một
                nối tiếp.
                - ý một
                - ý hai

                Đoạn sau
                ## Liên hệ
                - chỉ một ý""");
        assertThat(blocks).extracting(NoticeText.Block::kind).containsExactly("h", "p", "ul", "p", "h", "ul");
        assertThat(blocks.get(1).text()).isEqualTo("Dòng một nối tiếp.");
        assertThat(blocks.get(2).items()).containsExactly("ý một", "ý hai");
        assertThat(blocks.get(5).items()).containsExactly("chỉ một ý");
    }
}
