package vn.onduty.agent;

import com.fazecast.jSerialComm.SerialPort;
import java.io.PrintStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.ClassProperties;
import org.bytedeco.javacpp.Loader;

/**
 * {@code java -jar onduty-agent.jar --check-natives}: the native libraries the agent needs (FFmpeg through JavaCPP for
 * the cameras, jSerialComm for the sensors), where the jar holds each for this platform, and, on the platform
 * itself, whether each loads. With {@code -Dorg.bytedeco.javacpp.platform=windows-x86_64} on another system it only
 * locates them: how the Windows jar is checked on Linux.
 */
public final class NativeLibraries {

    /** FFmpeg's libraries as JavaCV's grabber loads them. */
    static final List<Class<?>> FFMPEG = List.of(avutil.class, swresample.class, avcodec.class, avformat.class,
            swscale.class, avdevice.class, avfilter.class);

    private NativeLibraries() {}

    /** @return 0 when everything is there (and loads, on its own platform), 1 otherwise */
    static int check(PrintStream out) {
        String platform = Loader.getPlatform();
        boolean elsewhere = System.getProperty("org.bytedeco.javacpp.platform") != null;
        out.println("Native libraries for " + platform + (elsewhere ? " (located only: this is "
                + System.getProperty("os.name") + ")" : ""));
        List<String> missing = new ArrayList<>();
        Map<String, URL> found = new LinkedHashMap<>();
        Properties platformProperties = Loader.loadProperties(platform, null);
        for (Class<?> c : FFMPEG) {
            ClassProperties p = Loader.loadProperties(c, platformProperties, true);
            List<String> libraries = new ArrayList<>();
            for (String link : p.get("platform.link")) {
                if (!link.endsWith("#")) {
                    // "name#" is the system's own (psapi on Windows); the rest ships in the jar.
                    libraries.add(link);
                }
            }
            libraries.add(p.getProperty("platform.library", "jni" + c.getSimpleName()));
            for (String library : libraries) {
                String name = library.split("@")[0];
                if (found.containsKey(name) || missing.contains(name)) {
                    continue;
                }
                URL url = locate(c, p, library);
                if (url == null) {
                    missing.add(name);
                    out.println("  MISSING " + name + " (for " + c.getSimpleName() + ")");
                } else {
                    found.put(name, url);
                    out.println("  found   " + name + ": " + url);
                }
            }
        }
        String serial = serialResource(platform);
        URL serialFound = serial == null ? null : SerialPort.class.getResource("/" + serial);
        if (serialFound == null) {
            missing.add("jSerialComm");
            out.println("  MISSING jSerialComm" + (serial == null ? " (no build for " + platform + ")" : " " + serial));
        } else {
            out.println("  found   jSerialComm: " + serialFound);
        }
        if (!missing.isEmpty()) {
            out.println("Missing for " + platform + ": " + missing + ". This jar is not built for this platform: the "
                    + "Windows agent is onduty-agent-windows.jar (docs/services.md).");
            return 1;
        }
        if (elsewhere) {
            return 0;
        }
        try {
            for (Class<?> c : FFMPEG) {
                Loader.load(c);
            }
            out.println("FFmpeg loads: " + avformat.avformat_version() + " (libavformat version number)");
            out.println("jSerialComm loads: " + SerialPort.getCommPorts().length + " serial ports seen, version "
                    + SerialPort.getVersion());
        } catch (Throwable e) {
            out.println("Loading failed: " + e);
            return 1;
        }
        return 0;
    }

    /**
     * A library as JavaCPP's loader finds it: by its versioned name ({@code libavutil.so.60} on Linux), or, on Windows,
     * through the preload entry that names its file ({@code avutil-60.dll} for {@code avutil@.60}).
     */
    private static URL locate(Class<?> c, ClassProperties p, String library) {
        URL[] urls = Loader.findLibrary(c, p, library);
        if (urls.length > 0) {
            return urls[0];
        }
        String name = library.split("@")[0];
        for (String preload : p.get("platform.preload")) {
            if (preload.startsWith(name + "-")) {
                URL[] preloaded = Loader.findLibrary(c, p, preload);
                if (preloaded.length > 0) {
                    return preloaded[0];
                }
            }
        }
        return null;
    }

    /** Where jSerialComm keeps its library in its jar for a JavaCPP platform name. */
    static String serialResource(String platform) {
        return switch (platform) {
            case "windows-x86_64" -> "Windows/x86_64/jSerialComm.dll";
            case "windows-x86" -> "Windows/x86/jSerialComm.dll";
            case "linux-x86_64" -> "Linux/x86_64/libjSerialComm.so";
            case "linux-arm64" -> "Linux/aarch64/libjSerialComm.so";
            default -> null;
        };
    }
}
