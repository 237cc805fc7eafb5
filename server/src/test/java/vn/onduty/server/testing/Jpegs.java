package vn.onduty.server.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real JPEG images, made the way an agent encodes a frame: four seats in a row on a textured wall. */
public final class Jpegs {

    private Jpegs() {}

    public static byte[] counters(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(200, 190, 170));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(170, 160, 140));
            for (int x = 0; x < width; x += 16) {
                g.drawLine(x, 0, x, height);
            }
            g.setColor(new Color(60, 80, 120));
            for (int i = 0; i < 4; i++) {
                g.fillRect((int) ((0.05 + 0.25 * i) * width), (int) (0.30 * height), (int) (0.15 * width), (int) (0.50 * height));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("No JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
