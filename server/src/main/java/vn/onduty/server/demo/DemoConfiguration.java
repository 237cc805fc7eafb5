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

    /**
     * Serial number of the demo's ZKTeco-family terminal at Cơ sở 2 (the simulator ./onduty demo starts), adopted
     * with its PINs mapped to the site's officers.
     */
    @NotNull
    @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 letters, digits, '.', '_' or '-'")
    @JsonProperty
    private String terminalSerialNumber = "ONDUTYDEMO0002";

    public String getTerminalSerialNumber() {
        return terminalSerialNumber;
    }

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
