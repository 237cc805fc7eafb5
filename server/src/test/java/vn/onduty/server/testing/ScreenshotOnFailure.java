package vn.onduty.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Keeps what the browser showed when a test failed, so that a failure on CI can be read afterwards:
 * {@code target/browser-it/<Class>.<test>.png} and {@code .html} (the page source, its URL on top).
 */
public final class ScreenshotOnFailure implements TestWatcher {

    public static final Path DIRECTORY = Path.of("target", "browser-it");

    private final Supplier<WebDriver> driver;

    public ScreenshotOnFailure(Supplier<WebDriver> driver) {
        this.driver = driver;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        WebDriver d = driver.get();
        if (d == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(DIRECTORY);
            Path png = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, DIRECTORY.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(DIRECTORY.resolve(name + ".html"),
                    "<!-- " + d.getCurrentUrl() + " -->\n" + d.getPageSource(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The failure itself is what matters; a browser too broken to photograph must not hide it.
            cause.addSuppressed(e);
        }
    }
}
