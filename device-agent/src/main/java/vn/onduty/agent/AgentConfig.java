package vn.onduty.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.onduty.agent.outbox.Uploader;

/**
 * agent.yml, key for key. Every key but {@code server.url} and {@code server.token} has a default;
 * {@code ${ENV_VAR}} (or {@code ${ENV_VAR:-default}}) in a value reads the environment, so the token
 * need not be written in the file. Reading fails with a message that names the offending key.
 */
public record AgentConfig(ServerConfig server, OutboxConfig outbox, int adminPort, int heartbeatSeconds,
                          int commandPollSeconds, List<SensorConfig> sensors, CameraConfig camera) {

    public static final Path DEFAULT_OUTBOX_PATH = Path.of("data", "agent", "outbox.db");
    public static final int DEFAULT_ADMIN_PORT = 8091;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 15;
    public static final int DEFAULT_COMMAND_POLL_SECONDS = 2;

    /** Where the server is and how the agent proves who it is. */
    public record ServerConfig(URI url, String token) {

        /** Keeps the token out of logs and error messages. */
        @Override
        public String toString() {
            return "ServerConfig[url=" + url + ", token=***]";
        }
    }

    /** The durable queue's file and how many events go in one request. */
    public record OutboxConfig(Path path, int batchSize) {
    }

    /**
     * The camera side. The cameras themselves come from the server ({@code GET /api/agent/cameras});
     * these keys say how the agent watches them.
     *
     * @param pollSeconds          how often the agent asks the server for its cameras (30)
     * @param dataDir              where the zones' empty-seat references are kept (default: {@code cameras}
     *                             beside the outbox file); nothing else of the video is ever kept
     * @param autoCalibrate        a zone the server reports as not calibrated takes its first still spell of
     *                             {@code autoCalibrateSeconds} as its empty-seat reference (the demo; off by default)
     * @param occupiedSeconds      high scores for this long make a seat occupied (15)
     * @param emptySeconds         low scores for this long make it empty (90)
     * @param attentionMinutes     "different but motionless" this long asks for a recalibration (120)
     */
    public record CameraConfig(int pollSeconds, Path dataDir, boolean autoCalibrate, int autoCalibrateSeconds,
                               int occupiedSeconds, int emptySeconds, int attentionMinutes) {

        public static final int DEFAULT_POLL_SECONDS = 30;

        public static CameraConfig defaults(Path outboxPath) {
            return new CameraConfig(DEFAULT_POLL_SECONDS, defaultDataDir(outboxPath), false, 60, 15, 90, 120);
        }

        static Path defaultDataDir(Path outboxPath) {
            Path parent = outboxPath.toAbsolutePath().getParent();
            return parent == null ? Path.of("cameras") : parent.resolve("cameras");
        }
    }

    public AgentConfig {
        sensors = List.copyOf(sensors);
    }

    /** An agent.yml without a {@code camera:} block: every camera setting at its default. */
    public AgentConfig(ServerConfig server, OutboxConfig outbox, int adminPort, int heartbeatSeconds,
                       int commandPollSeconds, List<SensorConfig> sensors) {
        this(server, outbox, adminPort, heartbeatSeconds, commandPollSeconds, sensors, CameraConfig.defaults(outbox.path()));
    }

    /** agent.yml could not be read or says something the agent cannot run with. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SENSOR_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /**
     * Reads agent.yml.
     *
     * @param env looks up environment variables; {@code System::getenv} in production
     */
    public static AgentConfig load(Path file, Function<String, String> env) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toAbsolutePath() + " not found: copy device-agent/agent.example.yml "
                    + "there and fill in server.url and server.token, or give the file as the first argument");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return parse(yaml, file.getFileName().toString(), env);
    }

    /** @param source names the file in error messages */
    public static AgentConfig parse(String yaml, String source, Function<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = YAML.createObjectNode();
        }
        Node top = new Node(root, "", source, env);
        top.requireObject();
        top.allowOnly("server", "outbox", "adminPort", "heartbeatSeconds", "commandPollSeconds", "sensors", "camera");

        Node server = top.child("server");
        if (server.absent()) {
            throw server.error("is required, with url and token");
        }
        server.requireObject();
        server.allowOnly("url", "token");
        ServerConfig serverConfig = new ServerConfig(server.child("url").url(), server.child("token").requiredText());

        Node outbox = top.child("outbox");
        outbox.requireObjectOrAbsent();
        outbox.allowOnly("path", "batchSize");
        OutboxConfig outboxConfig = new OutboxConfig(
                outbox.child("path").text().map(Path::of).orElse(DEFAULT_OUTBOX_PATH),
                outbox.child("batchSize").integer(Uploader.DEFAULT_BATCH_SIZE, 1, Uploader.MAX_BATCH_SIZE));

        int adminPort = top.child("adminPort").integer(DEFAULT_ADMIN_PORT, 0, 65_535);
        int heartbeat = top.child("heartbeatSeconds").integer(DEFAULT_HEARTBEAT_SECONDS, 1, 3_600);
        int poll = top.child("commandPollSeconds").integer(DEFAULT_COMMAND_POLL_SECONDS, 1, 600);

        List<SensorConfig> sensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (Node sensor : top.child("sensors").list()) {
            sensor.requireObject();
            sensor.allowOnly("name", "port", "baud", "address", "password", "pollMillis", "duplicateWindowSeconds");
            Node nameNode = sensor.child("name");
            String name = nameNode.requiredText();
            if (!SENSOR_NAME.matcher(name).matches()) {
                throw nameNode.error("must be 1-64 characters [a-z0-9._-] starting with a letter or digit "
                        + "(it goes into every event), got '" + name + "'");
            }
            if (!names.add(name)) {
                throw nameNode.error("'" + name + "' is used by another sensor; names must be unique");
            }
            Node portNode = sensor.child("port");
            String port = portNode.requiredText();
            if (!ports.add(port)) {
                throw portNode.error("'" + port + "' is used by another sensor; one sensor per port");
            }
            Node baudNode = sensor.child("baud");
            int baud = baudNode.integer(SensorConfig.DEFAULT_BAUD, 9_600, 115_200);
            if (baud % 9_600 != 0) {
                throw baudNode.error("must be 9600 × N with N from 1 to 12 (57600 unless the module was changed), got " + baud);
            }
            sensors.add(new SensorConfig(name, port, baud,
                    sensor.child("address").unsigned32(SensorConfig.DEFAULT_ADDRESS),
                    sensor.child("password").unsigned32(SensorConfig.DEFAULT_PASSWORD),
                    sensor.child("pollMillis").integer(SensorConfig.DEFAULT_POLL_MILLIS, 10, 60_000),
                    sensor.child("duplicateWindowSeconds").integer(SensorConfig.DEFAULT_DUPLICATE_WINDOW_SECONDS, 0, 86_400)));
        }
        Node camera = top.child("camera");
        camera.requireObjectOrAbsent();
        camera.allowOnly("pollSeconds", "dataDir", "autoCalibrate", "autoCalibrateSeconds", "occupiedSeconds",
                "emptySeconds", "attentionMinutes");
        CameraConfig cameraConfig = new CameraConfig(
                camera.child("pollSeconds").integer(CameraConfig.DEFAULT_POLL_SECONDS, 5, 3_600),
                camera.child("dataDir").text().map(Path::of).orElse(CameraConfig.defaultDataDir(outboxConfig.path())),
                camera.child("autoCalibrate").bool(false),
                camera.child("autoCalibrateSeconds").integer(60, 10, 3_600),
                camera.child("occupiedSeconds").integer(15, 0, 600),
                camera.child("emptySeconds").integer(90, 0, 3_600),
                camera.child("attentionMinutes").integer(120, 1, 7 * 24 * 60));
        return new AgentConfig(serverConfig, outboxConfig, adminPort, heartbeat, poll, sensors, cameraConfig);
    }

    /** A value in the YAML tree with the dotted key that leads to it, so every error can name that key. */
    private record Node(JsonNode value, String key, String source, Function<String, String> env) {

        Node child(String name) {
            JsonNode child = value == null ? null : value.get(name);
            return new Node(child, key.isEmpty() ? name : key + "." + name, source, env);
        }

        boolean absent() {
            return value == null || value.isNull() || value.isMissingNode();
        }

        ConfigException error(String problem) {
            return new ConfigException(source + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
        }

        void requireObject() {
            if (absent() || !value.isObject()) {
                throw error("must be a mapping of keys");
            }
        }

        void requireObjectOrAbsent() {
            if (!absent()) {
                requireObject();
            }
        }

        /** A misspelt key would otherwise be ignored and its default used without a word. */
        void allowOnly(String... keys) {
            if (absent()) {
                return;
            }
            Set<String> allowed = Set.of(keys);
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw child(name).error("unknown key; expected one of " + String.join(", ", keys));
                }
            }
        }

        List<Node> list() {
            if (absent()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw error("must be a list (each item starting with '- ')");
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(new Node(value.get(i), key + "[" + i + "]", source, env));
            }
            return items;
        }

        /** The scalar as text with ${VARIABLES} replaced; empty when the key is absent or blank. */
        Optional<String> text() {
            if (absent()) {
                return Optional.empty();
            }
            if (!value.isValueNode()) {
                throw error("must be a single value, not a " + (value.isArray() ? "list" : "mapping"));
            }
            String text = substitute(value.asText()).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }

        String requiredText() {
            return text().orElseThrow(() -> error("is required"));
        }

        URI url() {
            String text = requiredText();
            try {
                URI uri = new URI(text);
                if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                        || uri.getHost() == null) {
                    throw error("must be an http:// or https:// URL such as https://onduty.example.gov.vn, got '" + text + "'");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw error("is not a URL: " + e.getMessage());
            }
        }

        boolean bool(boolean defaultValue) {
            if (!absent() && value.isBoolean()) {
                return value.asBoolean();
            }
            Optional<String> text = text();
            if (text.isEmpty()) {
                return defaultValue;
            }
            return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw error("must be true or false, got '" + text.get() + "'");
            };
        }

        int integer(int defaultValue, int min, int max) {
            long number = number(defaultValue);
            if (number < min || number > max) {
                throw error("must be " + min + ".." + max + ", got " + number);
            }
            return (int) number;
        }

        /** 0..0xFFFFFFFF, written in decimal or as 0x hex as sensor documentation does. */
        long unsigned32(long defaultValue) {
            long number = number(defaultValue);
            if (number < 0 || number > 0xFFFF_FFFFL) {
                throw error("must be 0..0xFFFFFFFF, got " + number);
            }
            return number;
        }

        private long number(long defaultValue) {
            if (!absent() && value.isIntegralNumber()) {
                return value.asLong();
            }
            Optional<String> text = text();
            if (text.isEmpty()) {
                return defaultValue;
            }
            String t = text.get().replace("_", "");
            try {
                return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error("must be a whole number, got '" + text.get() + "'");
            }
        }

        private String substitute(String raw) {
            Matcher m = VARIABLE.matcher(raw);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String found = env.apply(name);
                if (found == null) {
                    if (m.group(2) == null) {
                        throw error("environment variable " + name + " is not set (write ${" + name
                                + ":-default} to give a default)");
                    }
                    found = m.group(2);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(found));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
