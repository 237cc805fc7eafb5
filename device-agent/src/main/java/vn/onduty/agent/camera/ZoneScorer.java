package vn.onduty.agent.camera;

/**
 * How different a zone looks: the share of its pixels that differ by more than {@link #PIXEL_CHANGE}
 * grey levels from the empty-seat reference (after matching the frame's overall brightness to the
 * reference's, so a cloud passing does not fill the seat), plus half the share that changed since the
 * previous keyframe (someone moving). Shares rather than mean differences, because a person changes a
 * large part of a seat zone a lot, while noise and gentle light changes move every pixel a little.
 */
public final class ZoneScorer {

    /** Grey levels (0..255) of blurred working image a pixel must move by to count as changed. */
    public static final int PIXEL_CHANGE = 25;
    /** Share of a zone's pixels that may change between keyframes while it still counts as motionless. */
    public static final double STILL = 0.01;
    /** Share of the whole picture that changed between two keyframes above which the frame is "global change". */
    public static final double GLOBAL_CHANGE = 0.5;
    private static final double MOTION_WEIGHT = 0.5;

    private ZoneScorer() {
    }

    /** Share (0..1) of the masked pixels where {@code image} and {@code gain × other} differ by more than PIXEL_CHANGE. */
    public static double changedShare(GrayImage image, GrayImage other, ZoneMask mask, double gain) {
        if (mask.isEmpty()) {
            return 0;
        }
        int changed = 0;
        for (int i : mask.indices()) {
            double diff = image.at(i) - gain * other.at(i);
            if (diff > PIXEL_CHANGE || diff < -PIXEL_CHANGE) {
                changed++;
            }
        }
        return (double) changed / mask.size();
    }

    /** The brightness factor from the reference's frame to this one, bounded so a black frame cannot excuse everything. */
    public static double gain(GrayImage image, double referenceFrameMean) {
        if (referenceFrameMean < 1) {
            return 1;
        }
        return Math.max(0.5, Math.min(2.0, image.mean() / referenceFrameMean));
    }

    /** Motion inside the zone: the share of its pixels that changed since the previous keyframe. */
    public static double motion(GrayImage image, GrayImage previous, ZoneMask mask) {
        return previous == null || !previous.sameSize(image) ? 0 : changedShare(image, previous, mask, 1.0);
    }

    /** The zone's score, 0..1: difference from the empty reference plus recent motion. */
    public static double score(GrayImage image, GrayImage previous, ZoneMask mask, GrayImage reference,
                               double referenceFrameMean) {
        double fromReference = changedShare(image, reference, mask, gain(image, referenceFrameMean));
        return Math.min(1.0, fromReference + MOTION_WEIGHT * motion(image, previous, mask));
    }

    /** Whether the picture changed almost everywhere since the previous keyframe: lights, or the camera moved. */
    public static boolean globalChange(GrayImage image, GrayImage previous, ZoneMask all) {
        return previous != null && previous.sameSize(image) && changedShare(image, previous, all, 1.0) >= GLOBAL_CHANGE;
    }
}
