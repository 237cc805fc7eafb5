package vn.onduty.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The Windows agent jar, checked as far as a Linux machine can: it holds the Windows natives of FFmpeg, JavaCPP and
 * jSerialComm and none of the Linux ones, and JavaCPP, told it is on windows-x86_64, finds in it every library each
 * FFmpeg class it would load links to ({@code --check-natives}, which on Windows itself also loads them). The Linux
 * jar under the same check is refused: the check can fail.
 */
class WindowsJarIT {

    static final Path WINDOWS_JAR = Path.of(System.getProperty("onduty.windowsJar"));
    static final Path LINUX_JAR = Path.of(System.getProperty("onduty.linuxJar"));

    @Test
    void holdsTheWindowsNativesAndNoLinuxOnes() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(WINDOWS_JAR.toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(names::add);
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("vn.onduty.agent.AgentMain");
        }
        assertThat(names).contains("Windows/x86_64/jSerialComm.dll",
                "org/bytedeco/javacpp/windows-x86_64/jnijavacpp.dll",
                "org/bytedeco/ffmpeg/windows-x86_64/jniavformat.dll",
                "org/bytedeco/ffmpeg/windows-x86_64/jniavcodec.dll",
                "vn/onduty/agent/AgentMain.class");
        assertThat(names).anyMatch(n -> n.matches("org/bytedeco/ffmpeg/windows-x86_64/avformat-\\d+\\.dll"));
        assertThat(names).noneMatch(n -> n.startsWith("org/bytedeco/ffmpeg/linux-x86_64/"))
                .noneMatch(n -> n.startsWith("org/bytedeco/javacpp/linux-x86_64/"));
    }

    @Test
    void javacppFindsEveryLibraryOfTheAgentsFfmpegClassesForWindows() throws Exception {
        Run r = checkNatives(WINDOWS_JAR, "windows-x86_64");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Native libraries for windows-x86_64 (located only")
                .contains("found   jniavformat: jar:file:")
                .contains("found   jSerialComm: jar:file:")
                .containsPattern("found   avcodec: jar:file:.*!/org/bytedeco/ffmpeg/windows-x86_64/avcodec-\\d+\\.dll")
                .doesNotContain("MISSING");
    }

    @Test
    void theLinuxJarIsRefusedForWindows() throws Exception {
        Run r = checkNatives(LINUX_JAR, "windows-x86_64");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("MISSING jniavformat", "This jar is not built for this platform");
    }

    record Run(int exit, String output) {}

    static Run checkNatives(Path jar, String platform) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.platform=" + platform, "-jar", jar.toString(), "--check-natives")
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("--check-natives did not finish: " + output);
        }
        return new Run(p.exitValue(), output);
    }
}
