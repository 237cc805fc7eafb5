package vn.onduty.agent.camera;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * An empty-seat reference made from a snapshot an admin picked because the seat was empty when it was
 * taken: for zones that are never still long enough to sample (a busy walkway behind the seat), and for
 * calibrating at any hour. The JPEG (at most 1280 px wide, from {@link FrameSources#snapshotJpeg}) is turned
 * into the pipeline's working picture the way the decoder's pictures are: luma (BT.601, as FFmpeg's gray from
 * a camera's YUV), each working pixel the mean of the snapshot pixels it covers, then the same blur.
 */
final class SnapshotReference {

    private SnapshotReference() {
    }

    /** The working-size, blurred grayscale picture of a JPEG snapshot. */
    static GrayImage fromJpeg(byte[] jpeg, int width, int height, int blurRadius) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        if (image == null) {
            throw new IOException("the snapshot is not an image this agent can read");
        }
        int sw = image.getWidth();
        int sh = image.getHeight();
        if (sw < width || sh < height) {
            throw new IOException("the snapshot is " + sw + "x" + sh + ", smaller than the " + width + "x" + height
                    + " picture zones are judged on");
        }
        double[] sums = new double[width * height];
        int[] counts = new int[width * height];
        int[] row = new int[sw];
        for (int y = 0; y < sh; y++) {
            image.getRGB(0, y, sw, 1, row, 0, sw);
            int wy = (int) ((long) y * height / sh);
            for (int x = 0; x < sw; x++) {
                int rgb = row[x];
                double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                int i = wy * width + (int) ((long) x * width / sw);
                sums[i] += luma;
                counts[i]++;
            }
        }
        byte[] pixels = new byte[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.min(255, Math.round(sums[i] / counts[i]));
        }
        return new GrayImage(width, height, pixels).blurred(blurRadius);
    }
}
