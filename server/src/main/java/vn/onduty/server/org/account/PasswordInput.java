package vn.onduty.server.org.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new password, set by an admin for someone else. */
public record PasswordInput(@NotBlank @Size(max = 200) String password) {}
