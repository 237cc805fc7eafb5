package vn.onduty.agent.camera;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Opens cameras with FFmpeg the way DESIGN.md section 6 asks: RTSP over TCP, the {@code timeout}
 * option in microseconds (it bounds the connect as well as every read; {@code stimeout} and
 * {@code rw_timeout} do not stop a hung connect) and one decoder thread. The pipeline reads the stream
 * packet by packet through {@link VideoStream}; a snapshot takes one keyframe
 * ({@link FFmpegFrameGrabber#grabKeyFrame()} hands the decoder nothing else).
 */
public final class FrameSources {

    /** The snapshot an admin draws zones on: at most this wide. */
    public static final int SNAPSHOT_MAX_WIDTH = 1280;
    /** The protocol's limit for a snapshot upload. */
    public static final int SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

    static {
        // FFmpeg's own chatter (one line per decoding hiccup) would drown the agent log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.set();
    }

    private FrameSources() {
    }

    /** Loads FFmpeg's native libraries now, so a broken install fails at start and not at the first camera. */
    public static void load() {
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("FFmpeg's native libraries cannot be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * A started grabber for reading the camera packet by packet ({@link FFmpegFrameGrabber#grabPacket()}), for
     * {@link VideoStream}, which decodes what it picks itself; the caller releases it.
     */
    static FFmpegFrameGrabber openStream(CameraSpec camera) throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = configured(camera);
        start(grabber);
        return grabber;
    }

    /**
     * One keyframe of the camera as a JPEG at most {@link #SNAPSHOT_MAX_WIDTH} wide and
     * {@link #SNAPSHOT_MAX_BYTES} long, through a connection of its own that is closed afterwards.
     */
    public static byte[] snapshotJpeg(CameraSpec camera) throws IOException {
        FFmpegFrameGrabber grabber = configured(camera);
        try {
            start(grabber);
            Frame frame;
            do {
                frame = grabber.grabKeyFrame();
                if (frame == null) {
                    throw new IOException("the camera sent no picture (" + camera.safeUrl() + ")");
                }
            } while (frame.image == null);
            BufferedImage image;
            try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
                image = scaled(converter.convert(frame));
            }
            for (float quality = 0.85f; quality > 0.2f; quality -= 0.15f) {
                byte[] jpeg = jpeg(image, quality);
                if (jpeg.length <= SNAPSHOT_MAX_BYTES) {
                    return jpeg;
                }
            }
            throw new IOException("the snapshot does not fit in " + SNAPSHOT_MAX_BYTES + " bytes even at low quality");
        } finally {
            release(grabber);
        }
    }

    /** Releases every native buffer of the grabber; never throws, because it runs while giving up anyway. */
    public static void release(FFmpegFrameGrabber grabber) {
        if (grabber == null) {
            return;
        }
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Nothing more can be freed; the next connection starts from scratch.
        }
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // As above.
        }
    }

    private static FFmpegFrameGrabber configured(CameraSpec camera) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(camera.source());
        if (camera.rtsp()) {
            grabber.setOption("rtsp_transport", "tcp");
        }
        if (camera.live()) {
            grabber.setOption("timeout", Long.toString(camera.timeoutSeconds() * 1_000_000L));
        }
        grabber.setVideoOption("threads", "1");
        return grabber;
    }

    private static void start(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            throw e;
        }
    }

    private static BufferedImage scaled(BufferedImage image) {
        if (image.getWidth() <= SNAPSHOT_MAX_WIDTH) {
            return image;
        }
        int height = Math.max(1, Math.round((float) image.getHeight() * SNAPSHOT_MAX_WIDTH / image.getWidth()));
        BufferedImage out = new BufferedImage(SNAPSHOT_MAX_WIDTH, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, SNAPSHOT_MAX_WIDTH, height, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
