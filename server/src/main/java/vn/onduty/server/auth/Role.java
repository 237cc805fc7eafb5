package vn.onduty.server.auth;

/** What a caller may do. People hold OFFICER, SUPERVISOR and/or ADMIN; a device agent is only ever AGENT. */
public enum Role {
    OFFICER,
    SUPERVISOR,
    ADMIN,
    AGENT;

    /** The names used in {@code @RolesAllowed}. */
    public static final String OFFICER_NAME = "OFFICER";
    public static final String SUPERVISOR_NAME = "SUPERVISOR";
    public static final String ADMIN_NAME = "ADMIN";
    public static final String AGENT_NAME = "AGENT";

    public boolean isHuman() {
        return this != AGENT;
    }
}
