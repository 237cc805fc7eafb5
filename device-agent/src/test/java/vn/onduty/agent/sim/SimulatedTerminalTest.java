package vn.onduty.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated terminal's own behaviour, without a server: its log, its commands, its options. */
class SimulatedTerminalTest {

    @TempDir
    Path dir;

    SimulatedTerminal terminal(double duplicateRate) {
        return new SimulatedTerminal(new SimulatedTerminal.Options(URI.create("http://127.0.0.1:9/"), "CKUT1", 3, 60, 0,
                ZoneId.of("Asia/Ho_Chi_Minh"), Duration.ofSeconds(190), 0, 0, duplicateRate, 0, 1, 500, 7,
                dir.resolve("memory.tsv")));
    }

    @Test
    void writesEachPunchToItsMemoryOnceWithTheClocksOffsetAndPunchesSecondsApart() throws Exception {
        SimulatedTerminal t = terminal(1.0);
        // Three officers, each in and out within the same second at most: six punches, each followed by another.
        for (int i = 0; i < 30; i++) {
            t.punch();
        }
        List<String> lines = Files.readAllLines(dir.resolve("memory.tsv"));
        assertThat(lines).hasSize((int) t.counts().punches()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(t.counts().duplicates()).isEqualTo(t.counts().punches() / 2);
        assertThat(lines.stream().map(l -> l.substring(l.indexOf('\t') + 1)).distinct()).hasSameSizeAs(lines);
        LocalDateTime first = LocalDateTime.parse(lines.get(0).split("\t")[2].replace(' ', 'T'));
        assertThat(Duration.between(LocalDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh")), first).toSeconds()).isBetween(185L, 195L);
    }

    @Test
    void runsTheCommandsOfTheAttendancePushProtocol() {
        SimulatedTerminal t = terminal(0);
        assertThat(t.execute(5, "DATA UPDATE USERINFO PIN=12\tName=Lan\tPri=0")).isEqualTo("ID=5&Return=0&CMD=DATA");
        assertThat(t.execute(6, "DATA DELETE USERINFO PIN=12")).isEqualTo("ID=6&Return=0&CMD=DATA");
        assertThat(t.execute(7, "DATA DELETE USERINFO PIN=12")).as("no such user").isEqualTo("ID=7&Return=-10&CMD=DATA");
        assertThat(t.execute(8, "INFO")).startsWith("ID=8&Return=0&CMD=INFO\n~DeviceName=");
        assertThat(t.execute(9, "REBOOT")).isEqualTo("ID=9&Return=-2&CMD=REBOOT");
        // 2026-11-26 07:31:05 as terminals encode it: the clock is set, whatever its offset was.
        assertThat(SimulatedTerminal.decodeTime(864_631_865L)).isEqualTo(LocalDateTime.of(2026, 11, 26, 7, 31, 5));
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        long encoded = ((now.getYear() - 2000) * 372L + (now.getMonthValue() - 1) * 31L + now.getDayOfMonth() - 1) * 86_400
                + now.getHour() * 3_600L + now.getMinute() * 60L + now.getSecond();
        assertThat(t.execute(10, "SET OPTION DateTime=" + encoded)).isEqualTo("ID=10&Return=0&CMD=SET OPTION");
        assertThat(Duration.between(now, t.clock()).abs()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void refusesOptionsThatMakeNoTerminal() {
        assertThatThrownBy(() -> TerminalSimMain.parse(new String[] {"--sn", "X"})).hasMessageContaining("--server");
        assertThatThrownBy(() -> TerminalSimMain.parse(new String[] {"--server", "http://h", "--sn", "a b"}))
                .hasMessageContaining("--sn");
        assertThatThrownBy(() -> TerminalSimMain.parse(new String[] {"--server", "http://h", "--sn", "A", "--drop-rate", "2"}))
                .hasMessageContaining("out of range");
        assertThat(TerminalSimMain.parse(new String[] {"--server", "http://h:8080", "--sn", "A", "--rate", "2/s"}).perMinute())
                .isEqualTo(120);
    }
}
