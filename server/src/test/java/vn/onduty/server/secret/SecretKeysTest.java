package vn.onduty.server.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.server.OnDutyConfiguration;

/** Where the key comes from: config.yml's secrets section, read as the server reads it at start. */
class SecretKeysTest {

    private static final YamlConfigurationFactory<OnDutyConfiguration> factory =
            new YamlConfigurationFactory<>(OnDutyConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @TempDir
    Path dir;

    private SecretsConfiguration secrets(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml").getSecrets();
    }

    @Test
    void theEmbeddedDatabaseGetsAKeyOfItsOwnOnFirstStartBesideItsDataAndKeepsIt() throws Exception {
        Path data = dir.resolve("data/postgres");

        SecretBox first = SecretKeys.load(secrets("secrets:\n  keyFile: ''\n"), data);
        SecretBox second = SecretKeys.load(secrets("secrets:\n  keyFile: ''\n"), data);

        Path file = dir.resolve("data/postgres.key");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(second.currentKeyId()).isEqualTo(first.currentKeyId());
        assertThat(second.open(first.seal("secret", "camera.password"), "camera.password")).isEqualTo("secret");
    }

    @Test
    void theKeyFromTheEnvironmentWinsOverTheFile() throws Exception {
        String key = Base64.getEncoder().encodeToString(SecretBoxTest.KEY);

        SecretBox box = SecretKeys.load(secrets("secrets:\n  key: " + key + "\n  keyFile: " + dir.resolve("none.key") + "\n"), null);

        assertThat(box.currentKeyId()).isEqualTo(SecretBox.idOf(SecretBoxTest.KEY));
        assertThat(dir.resolve("none.key")).doesNotExist();
    }

    @Test
    void anExternalDatabaseWithoutAKeyDoesNotStartAndSaysWhatToSet() throws Exception {
        SecretsConfiguration config = secrets("secrets:\n  key: ''\n");

        assertThatThrownBy(() -> SecretKeys.load(config, null)).hasMessageContaining("secrets.key (ONDUTY_SECRET_KEY)")
                .hasMessageContaining("openssl rand -base64 32");
        Path missing = dir.resolve("shared.key");
        assertThatThrownBy(() -> SecretKeys.load(secrets("secrets:\n  keyFile: " + missing + "\n"), null))
                .hasMessageContaining("secrets.keyFile: cannot read " + missing);
    }

    @Test
    void aKeyFileOthersCanReadIsNarrowedToTheServersUser() throws Exception {
        Path file = dir.resolve("shared.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(SecretBoxTest.KEY) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        SecretKeys.load(secrets("secrets:\n  keyFile: " + file + "\n"), null);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void previousKeyFilesOpenWhatTheySealed() throws Exception {
        Path old = dir.resolve("old.key");
        Files.writeString(old, Base64.getEncoder().encodeToString(SecretBoxTest.OLD_KEY) + "\n");
        String sealedBefore = new SecretBox(SecretBoxTest.OLD_KEY, List.of()).seal("secret", "camera.password");
        String key = Base64.getEncoder().encodeToString(SecretBoxTest.KEY);

        SecretBox box = SecretKeys.load(secrets("secrets:\n  key: " + key + "\n  previousKeyFiles: [" + old + "]\n"), null);

        assertThat(box.open(sealedBefore, "camera.password")).isEqualTo("secret");
    }

    @Test
    void aKeyThatIsNotBase64Of32BytesIsRefusedNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> secrets("secrets:\n  key: too-short\n")).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("secrets.key must be empty or base64 of 32 bytes");
        Path file = dir.resolve("bad.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> SecretKeys.load(secrets("secrets:\n  keyFile: " + file + "\n"), null))
                .hasMessageContaining("secrets.keyFile (" + file + "): must be 32 bytes, is 16");
    }
}
