package vn.onduty.server.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The user info of every URL leaves what agents report before the server stores or shows it. */
class CredentialsTest {

    @Test
    void removesTheUserAndPasswordOfEveryUrlAndNothingElse() {
        assertThat(Credentials.scrub("Exception: Could not open input \"rtsp://viewer:secret@10.0.0.5:554/Streaming/Channels/102\"."))
                .isEqualTo("Exception: Could not open input \"rtsp://10.0.0.5:554/Streaming/Channels/102\".");
        assertThat(Credentials.scrub("http://admin:p%40ss@cam/snap.jpg, rtsp://viewer:a@b@cam2/1 and https://u@cam3?x=1"))
                .isEqualTo("http://cam/snap.jpg, rtsp://cam2/1 and https://cam3?x=1");
        assertThat(Credentials.scrub("rtsp://10.0.0.5/1 failed; ask quantri@tphcm.gov.vn"))
                .isEqualTo("rtsp://10.0.0.5/1 failed; ask quantri@tphcm.gov.vn");
        assertThat(Credentials.scrub(null)).isNull();
    }

    @Test
    void scrubsEveryStringOfAnEventBatchAndNeverBreaksItsJson() throws Exception {
        JsonNode batch = new ObjectMapper().readTree("""
                {"events": [{"type": "zone_calibrated", "error": "rtsp://viewer:secret@10.0.0.5/102: refused",
                             "notes": ["http://u:p@x/1", 3], "by": "admin@example.vn", "url": "rtsp://10.0.0.5/1"}]}
                """);

        Credentials.scrubInPlace(batch);

        assertThat(batch.toString()).isEqualTo("{\"events\":[{\"type\":\"zone_calibrated\",\"error\":\"rtsp://10.0.0.5/102: "
                + "refused\",\"notes\":[\"http://x/1\",3],\"by\":\"admin@example.vn\",\"url\":\"rtsp://10.0.0.5/1\"}]}");
    }
}
