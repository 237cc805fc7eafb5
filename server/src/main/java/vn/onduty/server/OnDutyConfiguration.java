package vn.onduty.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
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
import vn.onduty.server.login.AuthConfiguration;
import vn.onduty.server.mail.MailConfiguration;
import vn.onduty.server.retention.RetentionConfiguration;

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
    private BackupConfiguration backup = new BackupConfiguration();

    @Valid
    @NotNull
    @JsonProperty
    private RetentionConfiguration retention = new RetentionConfiguration();

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

    public BackupConfiguration getBackup() {
        return backup;
    }

    public RetentionConfiguration getRetention() {
        return retention;
    }

    public String getDefaultLanguage() {
        return defaultLanguage;
    }
}
