package vn.onduty.server.org.site;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client sends to create or replace a site. */
public record SiteInput(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 500) String address,
        @Size(max = 64) String timeZone) {

    public String timeZoneOrDefault() {
        return timeZone == null || timeZone.isBlank() ? "Asia/Ho_Chi_Minh" : timeZone.trim();
    }
}
