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

    public boolean isEnabled() {
        return enabled;
    }

    public String getPassword() {
        return password;
    }
}
