package vn.onduty.agent.camera;

import java.util.Arrays;
import java.util.List;

/**
 * The pixels of a working image that lie inside a zone's polygon (normalised coordinates, x right and
 * y down, 0..1), found once per camera start by testing each pixel centre with the even-odd rule.
 */
public final class ZoneMask {

    private final int[] indices;

    private ZoneMask(int[] indices) {
        this.indices = indices;
    }

    public static ZoneMask of(List<ZoneSpec.Point> polygon, int width, int height) {
        int n = polygon.size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = polygon.get(i).x() * width;
            ys[i] = polygon.get(i).y() * height;
        }
        int[] inside = new int[width * height];
        int count = 0;
        for (int y = 0; y < height; y++) {
            double py = y + 0.5;
            for (int x = 0; x < width; x++) {
                double px = x + 0.5;
                boolean in = false;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    if ((ys[i] > py) != (ys[j] > py)
                            && px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                        in = !in;
                    }
                }
                if (in) {
                    inside[count++] = y * width + x;
                }
            }
        }
        return new ZoneMask(Arrays.copyOf(inside, count));
    }

    /** The whole image: for the global-change test. */
    public static ZoneMask all(int width, int height) {
        int[] all = new int[width * height];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new ZoneMask(all);
    }

    public int[] indices() {
        return indices;
    }

    public int size() {
        return indices.length;
    }

    public boolean isEmpty() {
        return indices.length == 0;
    }
}
