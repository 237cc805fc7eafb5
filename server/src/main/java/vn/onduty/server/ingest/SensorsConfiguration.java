package vn.onduty.server.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The {@code sensors} section of config.yml. */
public class SensorsConfiguration {

    /**
     * The most sensors one agent may bring into being, by naming them in its events or heartbeats: a site computer has
     * a handful, and an agent (or a stolen agent token) must not fill the sensor list with made-up names.
     */
    @Min(1)
    @Max(1000)
    @JsonProperty
    private int maxPerAgent = 16;

    public int getMaxPerAgent() {
        return maxPerAgent;
    }
}
