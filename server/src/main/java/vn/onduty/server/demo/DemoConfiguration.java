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
     * Bearer token of the device agent of the demo's main site (Cơ sở 1), so the demo's agent can start
     * with a known config. Stored like any agent token, as a hash.
     */
    @Size(min = 20, message = "must be at least 20 characters")
    @JsonProperty
    private String agentToken = "agt_demo-agent-token-not-for-production";

    /** The same for the device agent of the demo's second site (Cơ sở 2). */
    @Size(min = 20, message = "must be at least 20 characters")
    @JsonProperty
    private String secondAgentToken = "agt_demo2-agent-token-not-for-production";

    public String getAgentToken() {
        return agentToken;
    }

    public String getSecondAgentToken() {
        return secondAgentToken;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public String getPassword() {
        return password;
    }
}
