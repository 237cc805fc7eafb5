package vn.onduty.server.roster;

import jakarta.validation.constraints.Size;

/** Why a day change is withdrawn (optional). */
public record RevokeInput(@Size(max = 500) String reason) {}
