package vn.onduty.server.org.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a client sends to register or rename a device agent. */
public record AgentInput(@NotNull Long siteId, @NotBlank @Size(max = 100) String name) {}
