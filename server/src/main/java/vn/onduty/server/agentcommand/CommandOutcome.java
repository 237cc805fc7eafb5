package vn.onduty.server.agentcommand;

import vn.onduty.server.secret.Credentials;

/**
 * How a command ended by its agent's result ({@link AgentCommands#finish}): DONE or FAILED, with what the
 * agent reported.
 *
 * @param resultSlot   the sensor slot the result names (enrolled in, or deleted); else null
 * @param enrollmentId the enrollment a successful enroll result recorded; null keeps the command's own
 * @param result       JSON of what a camera command reported; else null
 */
public record CommandOutcome(String status, Integer resultSlot, String error, Long enrollmentId, String result) {

    public static CommandOutcome done(Integer resultSlot, Long enrollmentId, String result) {
        return new CommandOutcome(AgentCommand.DONE, resultSlot, null, enrollmentId, result);
    }

    public static CommandOutcome failed(Integer resultSlot, String error) {
        return new CommandOutcome(AgentCommand.FAILED, resultSlot, Credentials.scrub(error), null, null);
    }

    /** The step the page shows beside it: {@code done} or {@code failed}. */
    public String step() {
        return status.equals(AgentCommand.DONE) ? "done" : "failed";
    }
}
