package vn.onduty.agent.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} without the user info of any URL: what the agent's own code says is scrubbed at the source, this
 * also covers what libraries log through it (FFmpeg's lines, by way of JavaCPP's SLF4J logger).
 */
public final class ScrubbedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Credentials.scrub(super.convert(event));
    }
}
