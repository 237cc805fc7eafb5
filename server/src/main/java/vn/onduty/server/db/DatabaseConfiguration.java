package vn.onduty.server.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * The {@code database} section of config.yml: an embedded PostgreSQL by default, or an external one
 * when {@code url} is set.
 */
public class DatabaseConfiguration {

    /** JDBC URL of an external PostgreSQL; empty means "start the embedded one". */
    @JsonProperty
    private String url = "";

    /** The role the server works as (an external PostgreSQL's); the embedded one has its own, see EmbeddedCredentials. */
    @JsonProperty
    private String user = "onduty";

    @JsonProperty
    private String password = "";

    /**
     * The owner of the tables, when it is not {@code user}: the migrations run as this role, and the server then
     * grants {@code user} only what it needs (rows, not tables: it cannot alter or drop anything, nor change the
     * audit log). Empty: {@code user} owns the tables and runs the migrations itself.
     */
    @JsonProperty
    private String migrationUser = "";

    @JsonProperty
    private String migrationPassword = "";

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

    /**
     * JDBC URL of a PostgreSQL streaming replica of this database, for the read-only month reports (timesheet and
     * its export, attendance months and lateness, the ticket KPIs of service quality); empty: they read the primary.
     * The pages that read it say how far behind the primary it is; when it does not answer, they read the primary.
     */
    @Pattern(regexp = "|jdbc:postgresql:.+", message = "must be empty or the PostgreSQL JDBC URL of a streaming replica, "
            + "jdbc:postgresql://host:port/db")
    @JsonProperty
    private String readUrl = "";

    /** The role the reports log in to the replica as; empty: {@code user} (a replica has the primary's roles). */
    @JsonProperty
    private String readUser = "";

    /** Its password; empty: {@code password}. */
    @JsonProperty
    private String readPassword = "";

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

    public String getMigrationUser() {
        return migrationUser;
    }

    public void setMigrationUser(String migrationUser) {
        this.migrationUser = migrationUser;
    }

    public String getMigrationPassword() {
        return migrationPassword;
    }

    public void setMigrationPassword(String migrationPassword) {
        this.migrationPassword = migrationPassword;
    }

    /** Whether the tables belong to another role than the one the server works as. */
    public boolean hasSeparateOwner() {
        return migrationUser != null && !migrationUser.isBlank() && !migrationUser.equals(user);
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

    /** Whether the reports have a streaming replica to read ({@code readUrl}). */
    public boolean hasReadReplica() {
        return readUrl != null && !readUrl.isBlank();
    }

    public String getReadUrl() {
        return readUrl;
    }

    public void setReadUrl(String readUrl) {
        this.readUrl = readUrl;
    }

    public String getReadUser() {
        return readUser;
    }

    public void setReadUser(String readUser) {
        this.readUser = readUser;
    }

    public String getReadPassword() {
        return readPassword;
    }

    public void setReadPassword(String readPassword) {
        this.readPassword = readPassword;
    }
}
