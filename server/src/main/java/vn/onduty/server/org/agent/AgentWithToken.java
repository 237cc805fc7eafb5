package vn.onduty.server.org.agent;

/** The answer to creating an agent or rotating its token: the only time the token is ever shown. */
public record AgentWithToken(Agent agent, String token) {}
