package vn.onduty.server.camera;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an admin sends to create or change a camera. On a change, a {@code username} or {@code password}
 * left out (null) keeps the stored one and an empty one removes it, so a form never has to show them;
 * an {@code agentId} left out keeps the camera's agent. A new camera without one goes to its site's only
 * active agent; a site with several must be told which.
 */
public record CameraInput(
        @NotNull Long siteId,
        @Schema(description = "the device agent of the camera's site that watches it; left out on a change keeps the "
                + "current one, on a new camera picks the site's only active agent") Long agentId,
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 1000) String url,
        @Size(max = 200) String username,
        @Size(max = 200) String password,
        @Min(1) @Max(60) Integer timeoutSeconds,
        Boolean enabled,
        @Size(max = 1000) String note) {

    /** Never the password, not even in an exception message or a debugger's watch. */
    @Override
    public String toString() {
        return "CameraInput[siteId=" + siteId + ", agentId=" + agentId + ", name=" + name + ", url=" + url + ", username="
                + (username == null ? null : "***") + ", password=" + (password == null ? null : "***")
                + ", timeoutSeconds=" + timeoutSeconds + ", enabled=" + enabled + "]";
    }
}
