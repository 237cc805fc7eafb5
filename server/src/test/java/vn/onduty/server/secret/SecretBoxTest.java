package vn.onduty.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing of camera passwords: what opens, what does not, and what a rotation needs. */
class SecretBoxTest {

    static final byte[] KEY = key(1);
    static final byte[] OLD_KEY = key(2);
    static final String PURPOSE = "camera.password";

    static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        key[0] = (byte) (fill * 31);
        return key;
    }

    @Test
    void sealsToAValueThatOpensAsItWasAndShowsNothingOfIt() {
        SecretBox box = new SecretBox(KEY, List.of());

        String sealed = box.seal("Mật-khẩu camera 7731", PURPOSE);

        assertThat(SecretBox.isSealed(sealed)).isTrue();
        assertThat(sealed).startsWith("v1." + box.currentKeyId() + ".").doesNotContain("7731");
        assertThat(box.open(sealed, PURPOSE)).isEqualTo("Mật-khẩu camera 7731");
        assertThat(box.seal("Mật-khẩu camera 7731", PURPOSE)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aValueAlteredOrSealedForAnotherPurposeDoesNotOpen() {
        SecretBox box = new SecretBox(KEY, List.of());
        String sealed = box.seal("secret", PURPOSE);
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(12));
        raw[raw.length - 1] ^= 1;
        String altered = sealed.substring(0, 12) + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> box.open(altered, PURPOSE)).hasMessageContaining("does not open as camera.password")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> box.open(sealed, "smtp.password")).hasMessageContaining("altered, or sealed for something else");
    }

    @Test
    void aPreviousKeyStillOpensWhatItSealedAndANewKeySealsFromThenOn() {
        String sealedBefore = new SecretBox(OLD_KEY, List.of()).seal("secret", PURPOSE);
        SecretBox rotated = new SecretBox(KEY, List.of(OLD_KEY));

        assertThat(rotated.canOpen(sealedBefore)).isTrue();
        assertThat(rotated.sealedWithCurrentKey(sealedBefore)).isFalse();
        assertThat(rotated.open(sealedBefore, PURPOSE)).isEqualTo("secret");
        assertThat(rotated.sealedWithCurrentKey(rotated.seal("secret", PURPOSE))).isTrue();
    }

    @Test
    void aValueOfAKeyNotConfiguredSaysWhichKeyIsMissing() {
        String sealedBefore = new SecretBox(OLD_KEY, List.of()).seal("secret", PURPOSE);
        SecretBox box = new SecretBox(KEY, List.of());

        assertThat(box.canOpen(sealedBefore)).isFalse();
        assertThatThrownBy(() -> box.open(sealedBefore, PURPOSE))
                .hasMessageContaining("sealed with key " + SecretBox.idOf(OLD_KEY))
                .hasMessageContaining("secrets.previousKeyFiles");
    }

    @Test
    void onlyA256BitKeyIsTaken() {
        assertThatThrownBy(() -> new SecretBox(new byte[16], List.of())).hasMessageContaining("must be 32 bytes");
    }

    @Test
    void plainTextIsNotTakenForASealedValue() {
        assertThat(SecretBox.isSealed("secret")).isFalse();
        assertThat(SecretBox.isSealed("v1.zz.abc")).isFalse();
        assertThat(SecretBox.isSealed(null)).isFalse();
    }
}
