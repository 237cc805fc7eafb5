package vn.onduty.server.login;

/** What login needs to know about an account. */
public record AccountCredentials(long id, String username, String passwordHash, boolean active) {}
