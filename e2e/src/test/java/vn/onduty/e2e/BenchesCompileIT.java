package vn.onduty.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every benchmark under {@code bench/} compiles against the jars {@code ./onduty bench} runs it with. The benches are
 * single-file programs that nothing else compiles, so a change of a server constructor broke three of them unnoticed
 * (issue 12 gave {@code AccessPolicy} its {@code ScopeDao}); this is the check that would have said so.
 */
class BenchesCompileIT {

    static final Path ROOT = Path.of(System.getProperty("onduty.root", "..")).toAbsolutePath().normalize();

    static Stream<Path> benches() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("bench"))) {
            List<Path> java = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertThat(java).as("bench/*.java").isNotEmpty();
            return java.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("benches")
    void compilesAgainstTheShadedJars(Path bench, @TempDir Path out) {
        String classpath = ROOT.resolve("server/target/onduty-server.jar") + ":"
                + ROOT.resolve("device-agent/target/onduty-agent.jar");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(errors, null, null,
                List.of("-nowarn", "-proc:none", "-cp", classpath, "-d", out.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(bench.toFile())).call();
        assertThat(ok).as("%s compiles; javac said:%n%s", ROOT.relativize(bench), errors).isTrue();
    }
}
