package vn.onduty.agent.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes a synthetic counter-camera video (H.264 in MP4): a textured wall, seats side by side, and in
 * each seat a figure (head and torso, contrasting with seat and wall, swaying a little as people do)
 * that leaves and returns at known times; optionally the lights dim at a known moment. The demo's
 * camera plays {@link Scene#demo()} ({@code ./onduty demo} writes it to {@code data/demo/counters.mp4});
 * tests write short scenes of their own and know the truth they must find.
 *
 * <p>{@code java -cp onduty-agent.jar vn.onduty.agent.sim.CounterVideo [file]} writes the demo video.
 */
public final class CounterVideo {

    /** A seat: its rectangle in normalised coordinates, and when in the video it is empty (seconds, [from, to)). */
    public record Seat(double x0, double y0, double x1, double y1, List<double[]> emptySpells) {

        public Seat {
            emptySpells = List.copyOf(emptySpells);
        }

        public boolean occupiedAt(double second) {
            for (double[] spell : emptySpells) {
                if (second >= spell[0] && second < spell[1]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param keyframeSeconds one keyframe every this many seconds (the installers' 1-2 s); 0 makes every frame one
     * @param dimAt           from this second on the lights give {@code dimTo} of their light; negative for never
     */
    public record Scene(int width, int height, int fps, int keyframeSeconds, Duration length, List<Seat> seats,
                        double dimAt, double dimTo, int bitrate) {

        public Scene {
            seats = List.copyOf(seats);
        }

        /**
         * The demo: 640x360, 25 fps, a keyframe every 2 s, 600 s. Seat i (0..3) covers x 0.05+0.25i..0.20+0.25i,
         * y 0.30..0.80, and is empty from 60+90i s to 240+90i s.
         */
        public static Scene demo() {
            List<Seat> seats = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                double[] empty = {60 + 90 * i, 60 + 90 * i + 180};
                seats.add(new Seat(0.05 + 0.25 * i, 0.30, 0.20 + 0.25 * i, 0.80, List.<double[]>of(empty)));
            }
            return new Scene(640, 360, 25, 2, Duration.ofSeconds(600), seats, -1, 1, 600_000);
        }
    }

    private CounterVideo() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "data/demo/counters.mp4");
        long started = System.nanoTime();
        write(file, Scene.demo());
        System.out.printf("wrote %s (%d KiB) in %.1f s%n", file, Files.size(file) / 1024,
                (System.nanoTime() - started) / 1e9);
    }

    /** Writes the scene to {@code file} (via a temporary file, so a half-written video never stands there). */
    public static void write(Path file, Scene scene) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".counters-", ".mp4");
        try {
            record(tmp, scene);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void record(Path file, Scene scene) throws IOException {
        BufferedImage wall = wall(scene.width(), scene.height());
        BufferedImage frame = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_3BYTE_BGR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), scene.width(), scene.height(), 0);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            // The LGPL FFmpeg build carries OpenH264 (BSD), not x264.
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(scene.fps());
            recorder.setGopSize(Math.max(1, scene.fps() * scene.keyframeSeconds()));
            recorder.setVideoBitrate(scene.bitrate());
            recorder.start();
            long frames = scene.length().toSeconds() * scene.fps();
            for (long n = 0; n < frames; n++) {
                double second = (double) n / scene.fps();
                draw(frame, wall, scene, second);
                recorder.record(converter.convert(frame), avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A light wall with coarse texture, so a figure in front of it changes many pixels a lot. */
    private static BufferedImage wall(int width, int height) {
        BufferedImage wall = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = wall.createGraphics();
        g.setColor(new Color(196, 190, 172));
        g.fillRect(0, 0, width, height);
        Random random = new Random(6);
        int tile = Math.max(8, width / 32);
        for (int y = 0; y < height; y += tile) {
            for (int x = 0; x < width; x += tile) {
                int shade = 170 + random.nextInt(60);
                g.setColor(new Color(shade, shade - 6, shade - 20));
                g.fillRect(x + 1, y + 1, tile - 2, tile - 2);
            }
        }
        // The counter desk along the bottom.
        g.setColor(new Color(120, 84, 52));
        g.fillRect(0, (int) (height * 0.82), width, height);
        g.dispose();
        return wall;
    }

    private static void draw(BufferedImage frame, BufferedImage wall, Scene scene, double second) {
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(wall, 0, 0, null);
        int w = scene.width();
        int h = scene.height();
        for (int i = 0; i < scene.seats().size(); i++) {
            Seat seat = scene.seats().get(i);
            double x0 = seat.x0() * w;
            double y0 = seat.y0() * h;
            double sw = (seat.x1() - seat.x0()) * w;
            double sh = (seat.y1() - seat.y0()) * h;
            // The chair back, mid grey-blue: the empty seat's look.
            g.setColor(new Color(92, 104, 128));
            g.fill(new RoundRectangle2D.Double(x0 + sw * 0.15, y0 + sh * 0.35, sw * 0.7, sh * 0.65, sw * 0.1, sw * 0.1));
            if (seat.occupiedAt(second)) {
                // People never sit perfectly still: the figure sways a few pixels, out of step with the keyframes.
                double sway = Math.sin(2 * Math.PI * second / 7.3 + i) * sw * 0.06;
                double nod = Math.sin(2 * Math.PI * second / 5.1 + 2 * i) * sh * 0.02;
                g.setColor(new Color(36, 52, 150));
                g.fill(new RoundRectangle2D.Double(x0 + sw * 0.1 + sway / 2, y0 + sh * 0.42, sw * 0.8, sh * 0.58,
                        sw * 0.3, sw * 0.3));
                g.setColor(new Color(228, 182, 140));
                g.fill(new Ellipse2D.Double(x0 + sw * 0.28 + sway, y0 + sh * 0.05 + nod, sw * 0.44, sh * 0.36));
                g.setColor(new Color(30, 24, 20));
                g.setStroke(new BasicStroke((float) Math.max(1, sw * 0.04)));
                g.fill(new Ellipse2D.Double(x0 + sw * 0.28 + sway, y0 + sh * 0.03 + nod, sw * 0.44, sh * 0.12));
            }
        }
        if (scene.dimAt() >= 0 && second >= scene.dimAt()) {
            g.setColor(new Color(0, 0, 0, (int) Math.round(255 * (1 - scene.dimTo()))));
            g.fillRect(0, 0, w, h);
        }
        g.dispose();
    }
}
