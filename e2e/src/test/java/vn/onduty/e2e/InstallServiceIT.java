package vn.onduty.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./onduty install-service server|agent --root DIR} as a packager (or a cautious admin) runs it: every file
 * of the installation written under DIR, each step printed, the commands that need root and systemd (useradd,
 * systemctl) listed for the target machine instead of run. The installed server jar then checks the installed
 * configuration with the installed environment, and systemd's own parser reads both units. Never without --root:
 * the test machine's system is not touched.
 */
class InstallServiceIT {

    static final Path ROOT = Path.of(System.getProperty("onduty.root")).toAbsolutePath().normalize();

    @TempDir
    Path target;

    @Test
    void installsTheServerWithItsOwnUserRestartingOnFailureAndPrintsEachStep() throws Exception {
        Run r = install("server");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(
                "installed " + target + "/opt/onduty/onduty-server.jar",
                "wrote " + target + "/etc/onduty/config.yml",
                "wrote " + target + "/etc/systemd/system/onduty-server.service (user onduty, restarts on failure)",
                "left for the target machine",
                "useradd --system --user-group --home-dir /var/lib/onduty --no-create-home --shell /usr/sbin/nologin onduty",
                "systemctl enable --now onduty-server.service",
                "/opt/onduty/bin/onduty create-admin --username admin");
        assertThat(Files.mismatch(target.resolve("opt/onduty/onduty-server.jar"), ROOT.resolve("server/target/onduty-server.jar")))
                .as("the jar installed is the one built").isEqualTo(-1);
        assertThat(Files.readString(target.resolve("etc/onduty/config.yml"))).isEqualTo(Files.readString(ROOT.resolve("config.yml")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("etc/onduty/onduty.env"))))
                .isEqualTo("rw-r-----");

        Map<String, List<String>> unit = unit(target.resolve("etc/systemd/system/onduty-server.service"));
        assertThat(unit.get("User")).containsExactly("onduty");
        assertThat(unit.get("Restart")).containsExactly("on-failure");
        assertThat(unit.get("StateDirectory")).containsExactly("onduty");
        assertThat(unit.get("EnvironmentFile")).containsExactly("/etc/onduty/onduty.env");
        assertThat(unit.get("WantedBy")).containsExactly("multi-user.target");
        List<String> exec = List.of(unit.get("ExecStart").get(0).split(" "));
        assertThat(Path.of(exec.get(0))).as("an absolute java that exists").isAbsolute().isExecutable();
        assertThat(exec).containsSubsequence("-jar", "/opt/onduty/onduty-server.jar", "server", "/etc/onduty/config.yml");
        assertThat(target.resolve("opt/onduty/bin/onduty")).isExecutable();
        assertThat(Files.readString(target.resolve("opt/onduty/bin/onduty"))).doesNotContain("@JAVA@");

        // The service's command line, pointed into DIR: the installed jar reads the installed config.yml with the
        // installed environment file, as systemd would give it.
        Map<String, String> env = environment(target.resolve("etc/onduty/onduty.env"));
        assertThat(env).containsEntry("ONDUTY_DATA_DIR", "/var/lib/onduty/postgres");
        Run check = run(env, exec.get(0), "-jar", target.resolve("opt/onduty/onduty-server.jar").toString(), "check",
                target.resolve("etc/onduty/config.yml").toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("Configuration is OK");

        verifyWithSystemd(target.resolve("etc/systemd/system/onduty-server.service"));
    }

    @Test
    void installsTheAgentInTheSerialPortGroupAndLeavesItStoppedUntilItsConfigurationIsFilledIn() throws Exception {
        Run r = install("agent");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(
                "wrote " + target + "/etc/onduty/agent.yml (from device-agent/agent.example.yml)",
                "(user onduty-agent, group dialout for the serial ports, restarts on failure)",
                "--shell /usr/sbin/nologin --groups dialout onduty-agent",
                "systemctl enable onduty-agent.service",
                "edit /etc/onduty/agent.yml").doesNotContain("enable --now");
        assertThat(Files.mismatch(target.resolve("opt/onduty/onduty-agent.jar"), ROOT.resolve("device-agent/target/onduty-agent.jar")))
                .isEqualTo(-1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("etc/onduty/agent.yml"))))
                .as("it holds the agent's token").isEqualTo("rw-r-----");

        Map<String, List<String>> unit = unit(target.resolve("etc/systemd/system/onduty-agent.service"));
        assertThat(unit.get("User")).containsExactly("onduty-agent");
        assertThat(unit.get("SupplementaryGroups")).containsExactly("dialout");
        assertThat(unit.get("Restart")).containsExactly("on-failure");
        assertThat(unit.get("ExecStart").get(0)).contains("-Xmx256m -jar /opt/onduty/onduty-agent.jar /etc/onduty/agent.yml");
        assertThat(unit.get("Environment")).contains("MALLOC_ARENA_MAX=2");

        verifyWithSystemd(target.resolve("etc/systemd/system/onduty-agent.service"));
    }

    @Test
    void anUpgradeReplacesTheJarAndKeepsTheAdminsConfiguration() throws Exception {
        assertThat(install("server").exit()).isZero();
        Path config = target.resolve("etc/onduty/config.yml");
        Files.writeString(config, Files.readString(config).replace("bcryptCost: 12", "bcryptCost: 13"));
        Files.writeString(target.resolve("opt/onduty/onduty-server.jar"), "an older jar");

        Run again = install("server");

        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("kept " + config, "kept " + target + "/etc/onduty/onduty.env");
        assertThat(Files.readString(config)).contains("bcryptCost: 13");
        assertThat(Files.mismatch(target.resolve("opt/onduty/onduty-server.jar"), ROOT.resolve("server/target/onduty-server.jar")))
                .isEqualTo(-1);
    }

    @Test
    void anUnknownServiceIsRefusedWithTheUsage() throws Exception {
        Run r = run(Map.of(), ROOT.resolve("onduty").toString(), "install-service", "database", "--root", target.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("usage: ./onduty install-service server|agent [--root DIR]");
        try (var files = Files.list(target)) {
            assertThat(files).isEmpty();
        }
    }

    /** systemd's own reading of a unit: unknown keys, bad values and a missing program are reported. */
    static void verifyWithSystemd(Path unit) throws Exception {
        assumeThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze (Debian's systemd package)").isExecutable();
        Run verify = run(Map.of(), "/usr/bin/systemd-analyze", "verify", unit.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).as("warnings").doesNotContain(unit.getFileName().toString());
    }

    Run install(String what) throws Exception {
        // ONDUTY_NO_BUILD: the jars the reactor just built, never a Maven build from inside a test.
        return run(Map.of("ONDUTY_NO_BUILD", "1"), ROOT.resolve("onduty").toString(), "install-service", what,
                "--root", target.toString());
    }

    /** Key to values of a unit file (a key may repeat, e.g. Environment). */
    static Map<String, List<String>> unit(Path file) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            keys.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
        return keys;
    }

    /** An EnvironmentFile's assignments, as systemd reads them (no quoting is used in ours). */
    static Map<String, String> environment(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    record Run(int exit, String output) {}

    static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + output);
        }
        return new Run(p.exitValue(), output);
    }
}
