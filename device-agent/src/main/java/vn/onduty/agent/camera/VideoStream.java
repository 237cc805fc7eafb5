package vn.onduty.agent.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * One open camera seen packet by packet: every packet of its video stream is read ({@link #next}), so the
 * pipeline knows the stream is alive whether or not a keyframe came, and learns how far apart the keyframes
 * are; it then hands the decoder only the packets it wants ({@link #decode}): keyframes alone when they come
 * often enough, every packet from a keyframe on when they do not. Pictures it analyses are scaled by FFmpeg
 * straight to a small grayscale image ({@link #gray}). One decoder thread, as DESIGN.md section 6 asks.
 *
 * <p>The connection is FFmpeg's through JavaCV's grabber (RTSP over TCP, the {@code timeout} option); the
 * decoder and scaler are this class's own, because the grabber decodes only what it reads itself. Used on the
 * camera's thread only; {@link #close} frees every native buffer.
 */
final class VideoStream implements AutoCloseable {

    /** A packet or picture without a timestamp. */
    static final long NO_TIME = Long.MIN_VALUE;

    private static final AVRational MICROSECONDS = av_make_q(1, 1_000_000);

    private final FFmpegFrameGrabber grabber;
    private final int videoIndex;
    private final AVRational timeBase;
    private final AVCodecContext decoder;
    private final AVFrame picture;
    private final int width;
    private final int height;
    private final int stride;
    private final BytePointer gray;
    private final PointerPointer<BytePointer> grayPlanes;
    private final IntPointer grayStrides;
    private final String codec;
    private final int sourceWidth;
    private final int sourceHeight;
    private SwsContext scaler;
    private AVPacket packet;
    private boolean pictureReady;
    private boolean closed;

    private VideoStream(FFmpegFrameGrabber grabber, int videoIndex, AVCodecContext decoder, int width, int height) {
        this.grabber = grabber;
        this.videoIndex = videoIndex;
        AVStream stream = grabber.getFormatContext().streams(videoIndex);
        this.timeBase = av_make_q(stream.time_base().num(), stream.time_base().den());
        this.decoder = decoder;
        this.picture = av_frame_alloc();
        this.width = width;
        this.height = height;
        // Rows aligned for the scaler's vector code; av_malloc aligns the start.
        this.stride = (width + 63) & ~63;
        this.gray = new BytePointer(av_malloc((long) stride * height)).capacity((long) stride * height);
        this.grayPlanes = new PointerPointer<>(4);
        grayPlanes.put(0, gray);
        this.grayStrides = new IntPointer(4);
        grayStrides.put(0, stride);
        AVCodecParameters parameters = stream.codecpar();
        this.codec = avcodec_get_name(parameters.codec_id()).getString();
        this.sourceWidth = parameters.width();
        this.sourceHeight = parameters.height();
    }

    /**
     * Opens the camera (through {@link FrameSources}) and a decoder for its first video stream.
     *
     * @param width  width of the pictures {@link #gray} makes
     * @param height their height
     */
    static VideoStream open(CameraSpec camera, int width, int height) throws IOException {
        FFmpegFrameGrabber grabber = FrameSources.openStream(camera);
        AVCodecContext decoder = null;
        try {
            AVFormatContext format = grabber.getFormatContext();
            int index = -1;
            for (int i = 0; i < format.nb_streams(); i++) {
                if (format.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw new IOException("the camera's stream has no video (" + camera.safeUrl() + ")");
            }
            AVStream stream = format.streams(index);
            AVCodecParameters parameters = stream.codecpar();
            AVCodec codec = avcodec_find_decoder(parameters.codec_id());
            if (codec == null) {
                throw new IOException("FFmpeg has no decoder for the camera's " + avcodec_get_name(parameters.codec_id())
                        .getString() + " video");
            }
            decoder = avcodec_alloc_context3(codec);
            if (decoder == null || avcodec_parameters_to_context(decoder, parameters) < 0) {
                throw new IOException("cannot set up a " + codec.name().getString() + " decoder");
            }
            decoder.thread_count(1);
            decoder.pkt_timebase(stream.time_base());
            if (avcodec_open2(decoder, codec, (AVDictionary) null) < 0) {
                throw new IOException("cannot open the " + codec.name().getString() + " decoder");
            }
            VideoStream video = new VideoStream(grabber, index, decoder, width, height);
            decoder = null;
            return video;
        } catch (IOException | RuntimeException e) {
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            FrameSources.release(grabber);
            throw e;
        }
    }

    /** The codec's name as FFmpeg says it: h264, hevc, mjpeg... */
    String codec() {
        return codec;
    }

    /** The picture size the camera sends (0 when its stream does not say before decoding). */
    int sourceWidth() {
        return decoder.width() > 0 ? decoder.width() : sourceWidth;
    }

    int sourceHeight() {
        return decoder.height() > 0 ? decoder.height() : sourceHeight;
    }

    /** The file's frame rate, or 0 when unknown; for a file's loop length. */
    double frameRate() {
        return grabber.getFrameRate();
    }

    /** A file's length in microseconds, or 0 when unknown. */
    long lengthMicros() {
        return Math.max(0, grabber.getLengthInTime());
    }

    /**
     * Reads up to the next packet of the video stream (packets of other streams are passed over).
     *
     * @return false at the end of the stream: a file's end, or a live stream that failed or sent nothing for its
     *         timeout
     */
    boolean next() throws IOException {
        release();
        while (true) {
            AVPacket read;
            try {
                read = grabber.grabPacket();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new IOException(e.getMessage(), e);
            }
            if (read == null) {
                return false;
            }
            if (read.stream_index() == videoIndex) {
                packet = read;
                return true;
            }
            av_packet_unref(read);
            read.stream_index(-1);
        }
    }

    /** Whether the current packet starts a keyframe. */
    boolean key() {
        return (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    }

    /** The current packet's presentation (else decoding) time in microseconds, or {@link #NO_TIME}. */
    long packetMicros() {
        long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
        return ts == AV_NOPTS_VALUE ? NO_TIME : av_rescale_q(ts, timeBase, MICROSECONDS);
    }

    /** Hands the current packet to the decoder; a packet the decoder refuses (corrupt) is passed over. */
    void decode() {
        avcodec_send_packet(decoder, packet);
        pictureReady = false;
    }

    /** Takes the next decoded picture. @return false when the decoder needs more packets first */
    boolean picture() {
        if (pictureReady) {
            av_frame_unref(picture);
            pictureReady = false;
        }
        if (avcodec_receive_frame(decoder, picture) < 0) {
            return false;
        }
        pictureReady = true;
        return true;
    }

    /** The current picture's time in microseconds, or {@link #NO_TIME}. */
    long pictureMicros() {
        long ts = picture.best_effort_timestamp();
        return ts == AV_NOPTS_VALUE ? NO_TIME : av_rescale_q(ts, timeBase, MICROSECONDS);
    }

    /** The current picture, scaled by FFmpeg to the working size in shades of grey. */
    GrayImage gray() throws IOException {
        scaler = sws_getCachedContext(scaler, picture.width(), picture.height(), picture.format(), width, height,
                AV_PIX_FMT_GRAY8, SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IOException("FFmpeg cannot scale a " + picture.width() + "x" + picture.height() + " picture");
        }
        sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), grayPlanes, grayStrides);
        return GrayImage.fromBuffer(gray.asByteBuffer(), width, height, stride);
    }

    /** Frees the decoder, the scaler, the buffers and the connection, once; never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        av_frame_free(picture);
        avcodec_free_context(decoder);
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        av_free(gray);
        grayPlanes.close();
        grayStrides.close();
        FrameSources.release(grabber);
    }

    private void release() {
        if (packet != null) {
            av_packet_unref(packet);
            packet.stream_index(-1);
            packet = null;
        }
    }
}
