package vn.onduty.server.secret;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code secrets} section of config.yml: the key that seals camera passwords in the database. From
 * {@code key} (base64 of 32 random bytes, usually {@code ${ONDUTY_SECRET_KEY}}) if set, else from
 * {@code keyFile}; with the embedded database and no file yet, a key is generated there on first start.
 * {@code previousKeyFiles} hold the keys of earlier rotations until the server has sealed everything again.
 */
public class SecretsConfiguration {

    /** Null (an unset {@code ${ONDUTY_SECRET_KEY:-}}) or empty: none. */
    @Pattern(regexp = "|[A-Za-z0-9+/]{43}=", message = "must be empty or base64 of 32 bytes (openssl rand -base64 32)")
    @JsonProperty
    private String key = "";

    /** Null or empty: beside the embedded database's data directory ({@code <dataDirectory>.key}). */
    @JsonProperty
    private String keyFile = "";

    @NotNull
    @JsonProperty
    private List<@NotNull Path> previousKeyFiles = new ArrayList<>();

    /** The key as configured; empty when none is. */
    public String getKey() {
        return key == null ? "" : key;
    }

    /** The key file named in the configuration; null when none is. */
    public Path getKeyFile() {
        return keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile.strip());
    }

    public List<Path> getPreviousKeyFiles() {
        return previousKeyFiles;
    }
}
