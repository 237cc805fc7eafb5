package vn.onduty.server.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code mail} section of config.yml: the SMTP server OnDuty sends notifications through (leave requests to
 * approvers, decisions to officers). Disabled by default: the in-app inbox works without it.
 */
public class MailConfiguration {

    @JsonProperty
    private boolean enabled = false;

    @JsonProperty
    private String host = "localhost";

    @Min(1)
    @Max(65535)
    @JsonProperty
    private int port = 25;

    /** The sender address, e.g. OnDuty &lt;onduty@hcc.hue.gov.vn&gt;. */
    @NotNull
    @JsonProperty
    private String from = "onduty@localhost";

    /** Empty: the server accepts mail without login. */
    @JsonProperty
    private String username = "";

    @JsonProperty
    private String password = "";

    /** Upgrade the connection with STARTTLS (and refuse to send if the server does not offer it). */
    @JsonProperty
    private boolean startTls = false;

    /** How long connecting, reading and writing may each take before a mail is given up (and logged). */
    @Min(100)
    @JsonProperty
    private int timeoutMillis = 10_000;

    /** Where people open OnDuty: links in mails point here. */
    @NotNull
    @JsonProperty
    private String baseUrl = "http://localhost:8080";

    public String getBaseUrl() {
        return baseUrl;
    }

    @AssertTrue(message = "mail.host must be set when mail.enabled is true")
    public boolean isHostGivenWhenEnabled() {
        return !enabled || (host != null && !host.isBlank());
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }

    public String getFrom() {
        return from;
    }

    public String getUsername() {
        return username;
    }

    public String getPassword() {
        return password;
    }

    public boolean isStartTls() {
        return startTls;
    }

    public int getTimeoutMillis() {
        return timeoutMillis;
    }
}
