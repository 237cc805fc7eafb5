package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void hashesWithSha256OfTheUtf8Bytes() {
        assertThat(HexFormat.of().formatHex(Tokens.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(HexFormat.of().formatHex(Tokens.sha256("Nguyễn")))
                .isEqualTo("96e18fed42170e988ee463985d106cbdac396a3bb61e75d8f0834ec9f4fb534b");
    }

    @Test
    void newTokensCarryTheirPrefixAnd256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.newToken("agt_");
            assertThat(token).startsWith("agt_").hasSize(4 + 43).matches("agt_[A-Za-z0-9_-]{43}");
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void comparesEqualStringsAsEqual() {
        assertThat(Tokens.constantTimeEquals("csrf-123", "csrf-123")).isTrue();
        assertThat(Tokens.constantTimeEquals("Đà Nẵng", "Đà Nẵng")).isTrue();
    }

    @Test
    void comparesDifferentStringsAsDifferent() {
        assertThat(Tokens.constantTimeEquals("csrf-123", "csrf-124")).isFalse();
        assertThat(Tokens.constantTimeEquals("csrf-123", "csrf-1234")).isFalse();
        assertThat(Tokens.constantTimeEquals("", "x")).isFalse();
    }

    @Test
    void neverMatchesAMissingValue() {
        assertThat(Tokens.constantTimeEquals(null, "csrf")).isFalse();
        assertThat(Tokens.constantTimeEquals("csrf", null)).isFalse();
        assertThat(Tokens.constantTimeEquals(null, null)).isFalse();
    }
}
