package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    static final Redactor REDACTOR = new Redactor(List.of(
            new Redactor.Identifier("Trần Thị Bình", "Cán bộ đã ẩn danh #7", true),
            new Redactor.Identifier("CB107", "AN7", true),
            new Redactor.Identifier("binh.tt@hue.gov.vn", "[đã xóa]", false),
            new Redactor.Identifier("0234 3822 107", "[đã xóa]", false),
            new Redactor.Identifier("user107", "an-danh-3", true)), Jackson.newObjectMapper());

    @Test
    void replacesEveryIdentifierWhateverItsCaseButNotInsideLongerWords() {
        assertThat(REDACTOR.text("Đổi ca với chị TRẦN THỊ BÌNH (CB107), gọi 0234 3822 107 hoặc binh.tt@hue.gov.vn; user107"))
                .isEqualTo("Đổi ca với chị Cán bộ đã ẩn danh #7 (AN7), gọi [đã xóa] hoặc [đã xóa]; an-danh-3");
        assertThat(REDACTOR.text("CB1070 và user1071 là người khác")).isEqualTo("CB1070 và user1071 là người khác");
    }

    @Test
    void inARecordAboutTheOfficerFreeTextGoesAndNamesAreReplacedEverywhere() {
        String about = REDACTOR.json("""
                {"fullName": "Trần Thị Bình", "email": "binh.tt@hue.gov.vn", "reason": "Ốm, nằm viện",
                 "nested": [{"note": "gọi chị Bình"}], "days": 2}""", true);
        assertThat(about).isEqualTo("{\"fullName\":\"Cán bộ đã ẩn danh #7\",\"email\":null,\"reason\":null,"
                + "\"nested\":[{\"note\":null}],\"days\":2}");
        String mention = REDACTOR.json("{\"reason\": \"Thay chị Trần Thị Bình\"}", false);
        assertThat(mention).isEqualTo("{\"reason\":\"Thay chị Cán bộ đã ẩn danh #7\"}");
    }

    @Test
    void aFiledTimesheetKeepsTheOfficersFiguresUnderThePseudonym() {
        String sheet = REDACTOR.timesheet("""
                {"rows": [{"staffId": 7, "code": "CB107", "fullName": "Trần Thị Bình", "position": "Chuyên viên",
                           "cells": ["+", "P"], "paidDays": 2},
                          {"staffId": 8, "code": "CB108", "fullName": "Lê Văn An", "position": "Chuyên viên",
                           "cells": ["+", "+"], "paidDays": 2}]}""", 7, "AN7", "Cán bộ đã ẩn danh #7");
        assertThat(sheet).isEqualTo("{\"rows\":[{\"staffId\":7,\"code\":\"AN7\",\"fullName\":\"Cán bộ đã ẩn danh #7\","
                + "\"position\":null,\"cells\":[\"+\",\"P\"],\"paidDays\":2},{\"staffId\":8,\"code\":\"CB108\","
                + "\"fullName\":\"Lê Văn An\",\"position\":\"Chuyên viên\",\"cells\":[\"+\",\"+\"],\"paidDays\":2}]}");
    }

    @Test
    void theSqlPatternEscapesWhatRegularExpressionsTreatSpecially() {
        assertThat(Redactor.sqlPattern(new Redactor.Identifier("a.b+c@x.vn", "-", false))).isEqualTo("a\\.b\\+c@x\\.vn");
        assertThat(Redactor.sqlPattern(new Redactor.Identifier("CB107", "-", true)))
                .isEqualTo("(?<![[:alnum:]_])CB107(?![[:alnum:]_])");
    }
}
