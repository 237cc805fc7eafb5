package vn.onduty.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import vn.onduty.server.agentcommand.AgentCommandConfiguration;
import vn.onduty.server.attendance.AttendanceConfiguration;
import vn.onduty.server.backup.BackupConfiguration;
import vn.onduty.server.camera.CameraConfiguration;
import vn.onduty.server.db.DatabaseConfiguration;
import vn.onduty.server.demo.DemoConfiguration;
import vn.onduty.server.ingest.SensorsConfiguration;
import vn.onduty.server.devicetime.DeviceTimeConfiguration;
import vn.onduty.server.login.AuthConfiguration;
import vn.onduty.server.mail.MailConfiguration;
import vn.onduty.server.retention.RetentionConfiguration;
import vn.onduty.server.secret.SecretsConfiguration;
import vn.onduty.server.terminal.TerminalConfiguration;

/** Mirrors config.yml one to one; every default makes the embedded setup run. */
public class OnDutyConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DatabaseConfiguration database = new DatabaseConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfiguration auth = new AuthConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private DemoConfiguration demo = new DemoConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private AttendanceConfiguration attendance = new AttendanceConfiguration();

    @Valid
    @NotNull
    private CameraConfiguration camera = new CameraConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private AgentCommandConfiguration agentCommands = new AgentCommandConfiguration();

    @Valid
    @NotNull
    private MailConfiguration mail = new MailConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private SecretsConfiguration secrets = new SecretsConfiguration();
    private TerminalConfiguration terminals = new TerminalConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private BackupConfiguration backup = new BackupConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private DeviceTimeConfiguration deviceTime = new DeviceTimeConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private RetentionConfiguration retention = new RetentionConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private SensorsConfiguration sensors = new SensorsConfiguration();

    /**
     * The largest request body taken by an endpoint that names no limit of its own (forms, JSON, heartbeats); uploads
     * name theirs ({@code api.BodyLimit}). Larger bodies are refused with 413 before anything reads them.
     */
    @NotNull
    @MinDataSize(value = 16, unit = DataSizeUnit.KIBIBYTES)
    @JsonProperty
    private DataSize maxRequestBodySize = DataSize.mebibytes(1);

    /** Language of the web pages until a user picks another: vi or en. */
    @NotNull
    @Pattern(regexp = "vi|en", message = "must be vi or en")
    @JsonProperty
    private String defaultLanguage = "vi";

    /** Each of a recompute's parallel groups holds a connection of the pool, which requests need too. */
    @JsonIgnore
    @ValidationMethod(message = "attendance.parallelGroups must be less than database.maxPoolSize: each parallel group"
            + " holds a connection of the pool, and requests need connections too")
    public boolean isParallelGroupsWithinThePool() {
        return attendance.getParallelGroups() < database.getMaxPoolSize();
    }

    public DatabaseConfiguration getDatabase() {
        return database;
    }

    public AuthConfiguration getAuth() {
        return auth;
    }

    public DemoConfiguration getDemo() {
        return demo;
    }

    public AttendanceConfiguration getAttendance() {
        return attendance;
    }

    public CameraConfiguration getCamera() {
        return camera;
    }

    public AgentCommandConfiguration getAgentCommands() {
        return agentCommands;
    }

    public MailConfiguration getMail() {
        return mail;
    }

    public DeviceTimeConfiguration getDeviceTime() {
        return deviceTime;
    }

    public SecretsConfiguration getSecrets() {
        return secrets;
    }

    public TerminalConfiguration getTerminals() {
        return terminals;
    }

    public BackupConfiguration getBackup() {
        return backup;
    }

    public RetentionConfiguration getRetention() {
        return retention;
    }

    public SensorsConfiguration getSensors() {
        return sensors;
    }

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    public String getDefaultLanguage() {
        return defaultLanguage;
    }
}
