package vn.onduty.agent.outbox;

import java.time.Instant;

/**
 * An event the server refused as invalid (or too large to ever send), set aside on disk so it neither
 * blocks the queue nor disappears: an operator can read it back, fix what produced it, and re-emit.
 */
public record RejectedEvent(OutboxEvent event, String reason, Instant rejectedAt) {
}
