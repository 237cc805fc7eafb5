package vn.onduty.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Camera credentials never leave the agent in a message: scrubbed text, and the shipped log layout. */
class CredentialsTest {

    @Test
    void removesTheUserAndPasswordOfEveryUrlAndNothingElse() {
        assertThat(Credentials.scrub("Could not open input \"rtsp://viewer:secret@10.0.0.5:554/Streaming/Channels/102\"."))
                .isEqualTo("Could not open input \"rtsp://10.0.0.5:554/Streaming/Channels/102\".");
        assertThat(Credentials.scrub("http://admin:p%40ss@cam/snap.jpg and rtsps://u@cam2?x=1"))
                .isEqualTo("http://cam/snap.jpg and rtsps://cam2?x=1");
        assertThat(Credentials.scrub("rtsp://viewer:a@b@10.0.0.5/102")).as("an '@' left unencoded in the password")
                .isEqualTo("rtsp://10.0.0.5/102");
        assertThat(Credentials.scrub("{\"url\":\"rtsp://10.0.0.5/1\",\"by\":\"admin@example.vn\"}"))
                .as("never across a quote").isEqualTo("{\"url\":\"rtsp://10.0.0.5/1\",\"by\":\"admin@example.vn\"}");
        assertThat(Credentials.scrub("write to quantri@tphcm.gov.vn")).isEqualTo("write to quantri@tphcm.gov.vn");
        assertThat(Credentials.scrub(null)).isNull();
    }

    @Test
    void scrubsTheLastErrorOfHeartbeatStatusesOnly() {
        List<Map<String, Object>> statuses = List.of(Map.of("id", 3, "lastError", "rtsp://u:p@h/1 refused"),
                Map.of("id", 4, "name", "rtsp://u:p@h/2"));

        assertThat(Credentials.scrubLastErrors(statuses)).containsExactly(Map.of("id", 3, "lastError", "rtsp://h/1 refused"),
                Map.of("id", 4, "name", "rtsp://u:p@h/2"));
    }

    /** The agent's logback.xml as shipped: its console layout writes messages and stack traces scrubbed. */
    @Test
    void theShippedLogLayoutScrubsMessagesAndStackTraces() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("console")).getEncoder();
        ch.qos.logback.classic.Logger ffmpeg = context.getLogger("org.bytedeco.ffmpeg.global.avutil");
        LoggingEvent event = new LoggingEvent(getClass().getName(), ffmpeg, Level.ERROR,
                "[rtsp @ 0x55] Could not open rtsp://viewer:Pl4nted@10.0.0.5/102",
                new IOException("Could not open input \"rtsp://viewer:Pl4nted@10.0.0.5/102\""), null);

        String out = new String(encoder.encode(event), StandardCharsets.UTF_8);
        context.stop();

        assertThat(out).contains("Could not open rtsp://10.0.0.5/102")
                .contains("IOException: Could not open input \"rtsp://10.0.0.5/102\"")
                .contains("at vn.onduty.agent.log.CredentialsTest").doesNotContain("Pl4nted");
    }
}
