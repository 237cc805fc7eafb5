package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CameraListCacheTest {

    private static final String ANSWER = """
            {"version": "9f2c01a4b3d2e1f0", "cameras": [
              {"id": 3, "name": "Sảnh A", "url": "rtsp://10.0.0.5:554/Streaming/Channels/102", "username": "viewer",
               "password": "secret", "timeoutSeconds": 5, "enabled": true,
               "zones": [{"id": 11, "counterId": 7, "counterName": "Quầy 1",
                          "polygon": [[0.05,0.30],[0.20,0.30],[0.20,0.80],[0.05,0.80]], "calibrated": true}]},
              {"id": 4, "name": "Sảnh B", "url": "rtsp://10.0.0.6/live", "username": null, "password": null,
               "timeoutSeconds": 7, "enabled": false, "zones": []}]}
            """;

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private CameraListCache cache;

    @BeforeEach
    void listen() {
        cache = new CameraListCache(dir.resolve("cameras"), Clock.fixed(Instant.parse("2026-11-26T01:00:00Z"), ZoneOffset.UTC));
        logged.start();
        ((Logger) LoggerFactory.getLogger(CameraListCache.class)).addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(CameraListCache.class)).detachAppender(logged);
    }

    @Test
    void keepsTheServersListWithItsVersionAndCredentialsForTheAgentsUserOnly() throws Exception {
        cache.save(json.readTree(ANSWER));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file()))).isEqualTo("rw-------");
        assertThat(cache.file().resolveSibling(CameraListCache.FILE_NAME + ".tmp")).doesNotExist();
        CameraList kept = new CameraListCache(dir.resolve("cameras"), Clock.systemUTC()).load().orElseThrow();
        assertThat(kept).isEqualTo(CameraList.parse(json.readTree(ANSWER)));
        assertThat(kept.version()).isEqualTo("9f2c01a4b3d2e1f0");
        assertThat(kept.cameras().get(0).source()).isEqualTo("rtsp://viewer:secret@10.0.0.5:554/Streaming/Channels/102");
        assertThat(kept.cameras().get(1).enabled()).isFalse();
        JsonNode file = json.readTree(cache.file().toFile());
        assertThat(file.path("format").asInt()).isEqualTo(1);
        assertThat(file.path("savedAt").asText()).isEqualTo("2026-11-26T01:00:00Z");
    }

    @Test
    void aNewListReplacesTheOldOne() throws Exception {
        cache.save(json.readTree(ANSWER));
        cache.save(json.readTree("""
                {"version": "v2", "cameras": []}"""));

        assertThat(cache.load().orElseThrow()).isEqualTo(new CameraList("v2", List.of()));
    }

    @Test
    void noCopyYetIsNothingToSay() {
        assertThat(cache.load()).isEmpty();
        assertThat(logged.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void aCopyCutShortIsIgnoredWithAClearLogLineNotACrash() throws Exception {
        cache.save(json.readTree(ANSWER));
        String whole = Files.readString(cache.file());
        Files.writeString(cache.file(), whole.substring(0, whole.length() / 2));

        assertThat(cache.load()).isEmpty();
        assertThat(warning()).contains(cache.file().toAbsolutePath().toString())
                .contains("is ignored (it is not JSON, perhaps cut short").contains("the cameras start when the server answers");
    }

    @Test
    void aCopyOfAnotherFormatIsIgnored() throws Exception {
        write("""
                {"format": 2, "savedAt": "2027-01-01T00:00:00Z", "answer": %s}""".formatted(ANSWER));

        assertThat(cache.load()).isEmpty();
        assertThat(warning()).contains("is ignored (it is of format 2 and this agent reads format 1)");
    }

    @Test
    void anOldCopyWithoutAFormatIsIgnored() throws Exception {
        // The bare server answer, as a hand-made copy or a first draft of this file would hold it.
        write(ANSWER);

        assertThat(cache.load()).isEmpty();
        assertThat(warning()).contains("is ignored (it has no format, so it was not written by this agent)");
    }

    @Test
    void aCopyWithAListTheAgentCannotUseIsIgnored() throws Exception {
        write("""
                {"format": 1, "savedAt": "2026-11-26T01:00:00Z", "answer": {"version": "v1", "cameras": [
                  {"id": 3, "name": "no url", "timeoutSeconds": 5, "enabled": true, "zones": []}]}}""");

        assertThat(cache.load()).isEmpty();
        assertThat(warning()).contains("is ignored (it holds a camera list the agent cannot use: camera 3 has no url)");
    }

    @Test
    void aCopyReadableByOthersIsNarrowedBeforeItIsRead() throws Exception {
        cache.save(json.readTree(ANSWER));
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(cache.load()).isPresent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file()))).isEqualTo("rw-------");
        assertThat(warning()).contains("was rw-r--r--").contains("narrowed to rw------- (0600)");
    }

    @Test
    void aTemporaryFileLeftByACrashChangesNothing() throws Exception {
        cache.save(json.readTree(ANSWER));
        Files.writeString(cache.file().resolveSibling(CameraListCache.FILE_NAME + ".tmp"), "{\"format\": 1, \"ans");

        assertThat(cache.load().orElseThrow().version()).isEqualTo("9f2c01a4b3d2e1f0");
        cache.save(json.readTree("""
                {"version": "v2", "cameras": []}"""));
        assertThat(cache.load().orElseThrow().version()).isEqualTo("v2");
    }

    private void write(String content) throws Exception {
        Files.createDirectories(cache.file().getParent());
        Files.writeString(cache.file(), content, StandardCharsets.UTF_8);
    }

    private String warning() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .reduce((a, b) -> a + "\n" + b).orElse("(no warning)");
    }
}
