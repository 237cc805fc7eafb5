package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A request refused before anything read its body (here by authentication) leaves the connection usable: clients
 * such as Java's HttpClient reuse it at once, and a server that closed it under them made their next request fail
 * with no answer ("header parser received no bytes"). Spoken over a raw socket, the body sent a moment after the
 * headers as real clients do, so the refusal goes out before the body has arrived.
 */
class UnreadBodyIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(UnreadBodyIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @Test
    void aRefusedBodyIsReadSoTheConnectionServesTheNextRequest() throws Exception {
        Answer[] answers = requestThenAskAgain("PUT /api/quality/sites/1/target", "{\"waitTargetMinutes\":29}", 300);
        Answer refused = answers[0];
        Answer next = answers[1];

        assertThat(refused.status).isEqualTo(401);
        assertThat(refused.headers.get("connection")).isNull();
        assertThat(next).as("the connection still answers").isNotNull();
        assertThat(next.status).isEqualTo(200);
    }

    @Test
    void aBodyItsResourceReadKeepsTheConnectionAsItWas() throws Exception {
        Answer[] answers = requestThenAskAgain("POST /api/auth/login",
                "{\"username\":\"nobody\",\"password\":\"wrong-password\"}", 0);
        Answer refused = answers[0];
        Answer next = answers[1];

        assertThat(refused.status).as(refused.body).isEqualTo(401);
        assertThat(refused.headers.get("connection")).as("read by the resource: nothing to drain").isNull();
        assertThat(next).isNotNull();
        assertThat(next.status).isEqualTo(200);
    }

    @Test
    void aBodyTooLargeToReadIsRefusedWithTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/quality/sites/1/target HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (BodyLimitFilter.DRAIN_LIMIT + 1)
                    + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer refused = Answer.read(socket.getInputStream());

            assertThat(refused.status).isEqualTo(413);
            assertThat(refused.headers.get("connection")).isEqualTo("close");
        }
    }

    /**
     * On one connection: the request with a JSON body (sent {@code pauseMillis} after its headers, as clients that
     * write them apart do), then {@code GET /login}. Both answers, the second null when the connection was closed.
     */
    private static Answer[] requestThenAskAgain(String requestLine, String json, long pauseMillis) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(pauseMillis);
            out.write(body);
            out.flush();
            Answer first = Answer.read(in);
            out.write("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new Answer[] {first, Answer.read(in)};
        }
    }

    /** One HTTP/1.1 answer with a Content-Length body, or null when the connection ended before a status line. */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return b < 0 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
        }
    }
}
