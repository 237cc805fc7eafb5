package vn.onduty.server.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The {@code demo} section: seeds a sample center and demo accounts. Never enable it in production. */
public class DemoConfiguration {

    @JsonProperty
    private boolean enabled = false;

    /** Password of the demo accounts admin, supervisor and officer. */
    @NotNull
    @Size(min = 8, message = "must be at least 8 characters")
    @JsonProperty
    private String password = "onduty-demo";

    /**
     * Bearer token of the demo site's device agent, so the demo's agent can start with a known config.
     * Stored like any agent token, as a hash.
     */
    @Size(min = 20, message = "must be at least 20 characters")
    @JsonProperty
    private String agentToken = "agt_demo-agent-token-not-for-production";

    /** How many demo officers are enrolled on the demo sensor, in slots 0, 1, 2, ... */
    @JsonProperty
    private int enrolledOfficers = 20;

    public String getAgentToken() {
        return agentToken;
    }

    public int getEnrolledOfficers() {
        return enrolledOfficers;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getPassword() {
        return password;
    }
}
