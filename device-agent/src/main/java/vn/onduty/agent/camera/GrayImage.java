package vn.onduty.agent.camera;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small 8-bit grayscale picture, the only form in which the agent looks at video: every keyframe is
 * scaled by FFmpeg to the working size (320×180 by default) and blurred, and references are kept in
 * this form. Plain Java arithmetic on 57,600 bytes every two seconds costs far less than the decode.
 */
public final class GrayImage {

    private final int width;
    private final int height;
    private final byte[] pixels;

    public GrayImage(int width, int height, byte[] pixels) {
        if (width < 1 || height < 1 || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + width * height
                    + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Copies rows out of a native frame buffer whose rows are {@code stride} bytes apart. */
    public static GrayImage fromBuffer(ByteBuffer buffer, int width, int height, int stride) {
        byte[] pixels = new byte[width * height];
        ByteBuffer source = buffer.duplicate();
        for (int y = 0; y < height; y++) {
            source.position(y * stride);
            source.get(pixels, y * width, width);
        }
        return new GrayImage(width, height, pixels);
    }

    public static GrayImage filled(int width, int height, int value) {
        byte[] pixels = new byte[width * height];
        Arrays.fill(pixels, (byte) value);
        return new GrayImage(width, height, pixels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int size() {
        return pixels.length;
    }

    /** The pixel at index {@code i} (row-major), 0..255. */
    public int at(int i) {
        return pixels[i] & 0xFF;
    }

    public GrayImage copy() {
        return new GrayImage(width, height, pixels.clone());
    }

    public double mean() {
        long sum = 0;
        for (byte p : pixels) {
            sum += p & 0xFF;
        }
        return (double) sum / pixels.length;
    }

    public boolean sameSize(GrayImage other) {
        return other != null && other.width == width && other.height == height;
    }

    /**
     * A box blur of the given radius, run twice (close to a Gaussian): compression noise and a pixel of
     * camera shake stop counting as change, a person does not.
     */
    public GrayImage blurred(int radius) {
        if (radius < 1) {
            return copy();
        }
        int[] a = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            a[i] = pixels[i] & 0xFF;
        }
        int[] b = new int[pixels.length];
        for (int pass = 0; pass < 2; pass++) {
            horizontal(a, b, radius);
            vertical(b, a, radius);
        }
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) a[i];
        }
        return new GrayImage(width, height, out);
    }

    private void horizontal(int[] in, int[] out, int r) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int sum = 0;
            int count = 0;
            for (int x = 0; x <= Math.min(r, width - 1); x++) {
                sum += in[row + x];
                count++;
            }
            for (int x = 0; x < width; x++) {
                out[row + x] = sum / count;
                int add = x + r + 1;
                int drop = x - r;
                if (add < width) {
                    sum += in[row + add];
                    count++;
                }
                if (drop >= 0) {
                    sum -= in[row + drop];
                    count--;
                }
            }
        }
    }

    private void vertical(int[] in, int[] out, int r) {
        for (int x = 0; x < width; x++) {
            int sum = 0;
            int count = 0;
            for (int y = 0; y <= Math.min(r, height - 1); y++) {
                sum += in[y * width + x];
                count++;
            }
            for (int y = 0; y < height; y++) {
                out[y * width + x] = sum / count;
                int add = y + r + 1;
                int drop = y - r;
                if (add < height) {
                    sum += in[add * width + x];
                    count++;
                }
                if (drop >= 0) {
                    sum -= in[drop * width + x];
                    count--;
                }
            }
        }
    }

    /**
     * Moves this image a step {@code rate} (0..1) towards {@code target} where {@code mask} says so: how the
     * empty-seat reference follows slow changes (daylight) while the seat is empty.
     */
    public GrayImage blendedTowards(GrayImage target, ZoneMask mask, double rate) {
        byte[] out = pixels.clone();
        for (int i : mask.indices()) {
            double now = pixels[i] & 0xFF;
            out[i] = (byte) Math.round(now + rate * ((target.pixels[i] & 0xFF) - now));
        }
        return new GrayImage(width, height, out);
    }

    /** The per-pixel mean of equally sized images: the reference built from calibration samples. */
    public static GrayImage mean(java.util.List<GrayImage> images) {
        GrayImage first = images.get(0);
        long[] sums = new long[first.pixels.length];
        for (GrayImage image : images) {
            if (!image.sameSize(first)) {
                throw new IllegalArgumentException("images of different sizes");
            }
            for (int i = 0; i < sums.length; i++) {
                sums[i] += image.pixels[i] & 0xFF;
            }
        }
        byte[] out = new byte[sums.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.round((double) sums[i] / images.size());
        }
        return new GrayImage(first.width, first.height, out);
    }

    /** Binary PGM (P5): tiny, and any image viewer opens it when an installer wants to see a reference. */
    public byte[] toPgm() {
        byte[] header = ("P5\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + pixels.length);
        System.arraycopy(pixels, 0, out, header.length, pixels.length);
        return out;
    }

    public static GrayImage fromPgm(InputStream in) throws IOException {
        String magic = token(in);
        if (!magic.equals("P5")) {
            throw new IOException("not a binary PGM (P5) file");
        }
        int width = Integer.parseInt(token(in));
        int height = Integer.parseInt(token(in));
        int max = Integer.parseInt(token(in));
        if (max != 255 || width < 1 || height < 1 || width > 4096 || height > 4096) {
            throw new IOException("unsupported PGM " + width + "x" + height + " max " + max);
        }
        byte[] pixels = in.readNBytes(width * height);
        if (pixels.length != width * height) {
            throw new IOException("PGM cut short: " + pixels.length + " of " + width * height + " pixels");
        }
        return new GrayImage(width, height, pixels);
    }

    private static String token(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && Character.isWhitespace(c)) {
            // skip the separator
        }
        while (c != -1 && !Character.isWhitespace(c)) {
            out.write(c);
            c = in.read();
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
