package vn.onduty.server.camera;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an admin should change in a camera's own settings, read from what its agent measured (DESIGN.md
 * section 6): presence needs a keyframe every 1-2 s and a small picture. Keyframes further apart make the
 * agent decode every frame, 15-25 times the CPU; smart codecs (H.264+, H.265+, Smart Codec) stretch the
 * keyframe interval on their own; a main stream's full HD or 4K picture costs memory and CPU for nothing.
 */
public enum StreamAdvice {
    /** Keyframes more than 2 s apart: set the I-frame interval (GOP) to 1-2 s. */
    KEYFRAME_INTERVAL,
    /** Keyframes more than 4 s apart, as smart codecs make them: turn the smart codec off on the sub-stream used. */
    SMART_CODEC,
    /** A picture larger than 1280x720: use the camera's sub-stream (640x360, 704x576 or 1280x720). */
    SUB_STREAM;

    /** Keyframes further apart than this (with room for measuring on a live stream) call for a shorter interval. */
    static final double INTERVAL_LIMIT_SECONDS = 2.5;
    /** Beyond this the agent analyses at a bounded rate (its KeyframeCadence.SPARSE). */
    static final double SPARSE_SECONDS = 4.0;
    static final int MAX_PIXELS = 1280 * 720;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The advice for the camera's latest status; none while its agent has not measured anything. */
    static List<StreamAdvice> of(CameraStatus status) {
        List<StreamAdvice> advice = new ArrayList<>();
        if (status == null) {
            return advice;
        }
        Double interval = status.keyframeIntervalSeconds();
        if (interval != null && interval > INTERVAL_LIMIT_SECONDS) {
            advice.add(KEYFRAME_INTERVAL);
        }
        if (interval != null && interval > SPARSE_SECONDS) {
            advice.add(SMART_CODEC);
        }
        if (status.width() != null && status.height() != null && (long) status.width() * status.height() > MAX_PIXELS) {
            advice.add(SUB_STREAM);
        }
        return advice;
    }
}
