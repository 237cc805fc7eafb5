package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("Mật khẩu an toàn 2026");
        assertThat(hash).startsWith("$2a$04$").doesNotContain("Mật khẩu");
        assertThat(hasher.verify("Mật khẩu an toàn 2026", hash)).isTrue();
        assertThat(hasher.verify("Mat khau an toan 2026", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("correct-horse")).isNotEqualTo(hasher.hash("correct-horse"));
    }

    @Test
    void usesTheConfiguredCost() {
        assertThat(new PasswordHasher(5).hash("correct-horse")).startsWith("$2a$05$");
    }

    @Test
    void answersNoForMissingPasswordOrHash() {
        assertThat(hasher.verify(null, hasher.hash("correct-horse"))).isFalse();
        assertThat(hasher.verify("correct-horse", null)).isFalse();
    }

    @Test
    void refusesPasswordsLongerThan72Bytes() {
        String seventyTwo = "a".repeat(72);
        // 25 characters but 75 bytes in UTF-8: the limit is bcrypt's, in bytes.
        String vietnamese = "ễ".repeat(25);
        assertThat(vietnamese.getBytes(StandardCharsets.UTF_8)).hasSize(75);

        assertThat(PasswordHasher.problemWith(seventyTwo)).isNull();
        assertThat(PasswordHasher.problemWith(seventyTwo + "a")).isEqualTo("must be at most 72 bytes");
        assertThat(PasswordHasher.problemWith(vietnamese)).isEqualTo("must be at most 72 bytes");
    }

    @Test
    void refusesPasswordsShorterThan8Characters() {
        assertThat(PasswordHasher.problemWith("1234567")).isEqualTo("must be at least 8 characters");
        assertThat(PasswordHasher.problemWith(null)).isEqualTo("must be at least 8 characters");
        assertThat(PasswordHasher.problemWith("12345678")).isNull();
    }

    @Test
    void hashesAndVerifiesTheLongestAcceptedPassword() {
        String longest = "a".repeat(72);
        String hash = hasher.hash(longest);
        assertThat(hasher.verify(longest, hash)).isTrue();
        assertThat(hasher.verify("a".repeat(71), hash)).isFalse();
    }

    @Test
    void treatsAnOverlongPasswordAtLoginAsWrongRatherThanFailing() {
        String hash = hasher.hash("a".repeat(72));
        assertThat(hasher.verify("a".repeat(73), hash)).isFalse();
        assertThat(hasher.verify("ễ".repeat(25), hash)).isFalse();
        hasher.verifyDecoy("x".repeat(200));
    }
}
