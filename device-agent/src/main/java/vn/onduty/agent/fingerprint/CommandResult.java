package vn.onduty.agent.fingerprint;

/**
 * How an admin command (enroll, delete slot) ended; the same facts go out as its result event.
 *
 * @param commandId the server's command id
 * @param ok        whether the sensor did it
 * @param slot      the slot enrolled into or deleted; null when an enrollment failed
 * @param error     why not, when not ok
 */
public record CommandResult(long commandId, boolean ok, Integer slot, String error) {

    static CommandResult success(long commandId, int slot) {
        return new CommandResult(commandId, true, slot, null);
    }

    static CommandResult failure(long commandId, Integer slot, String error) {
        return new CommandResult(commandId, false, slot, error);
    }
}
