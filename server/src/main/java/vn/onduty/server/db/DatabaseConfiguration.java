package vn.onduty.server.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The {@code database} section of config.yml: an embedded PostgreSQL by default, or an external one
 * when {@code url} is set.
 */
public class DatabaseConfiguration {

    /** JDBC URL of an external PostgreSQL; empty means "start the embedded one". */
    @JsonProperty
    private String url = "";

    @JsonProperty
    private String user = "onduty";

    @JsonProperty
    private String password = "";

    /** Where the embedded PostgreSQL keeps its files; they survive restarts. */
    @NotNull
    @JsonProperty
    private Path dataDirectory = Path.of("data/postgres");

    /** Port of the embedded PostgreSQL; 0 picks a free one at each start. */
    @Min(0)
    @Max(65535)
    @JsonProperty
    private int embeddedPort = 0;

    /** Name of the database created inside the embedded PostgreSQL. */
    @NotBlank
    @JsonProperty
    private String embeddedDatabaseName = "onduty";

    /** Run the Liquibase migrations when the server starts. */
    @JsonProperty
    private boolean migrateOnStart = true;

    @Min(1)
    @Max(500)
    @JsonProperty
    private int maxPoolSize = 20;

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Path getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public int getEmbeddedPort() {
        return embeddedPort;
    }

    public String getEmbeddedDatabaseName() {
        return embeddedDatabaseName;
    }

    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }
}
