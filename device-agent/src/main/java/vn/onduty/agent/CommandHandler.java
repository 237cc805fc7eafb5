package vn.onduty.agent;

/**
 * Carries out a command from the server. Each command id is handed over once per agent run, on the
 * server link's command thread, one command at a time in arrival order; the handler may block while
 * it works (an enrollment waits for fingers). It completes the command by emitting its result event
 * ({@code enrollment_result}, {@code slot_deleted}) to the outbox: until that event reaches the server,
 * the server keeps listing the command.
 */
@FunctionalInterface
public interface CommandHandler {

    void handle(AgentCommand command, ProgressReporter progress);
}
