#!/usr/bin/env bash
# Writes counter-hevc-gop25s.mp4 beside this script: the test scene of SparseKeyframesIT as an H.265 camera
# with smart codec on would send it. The FFmpeg shipped in the bytedeco jar can decode H.265 but not encode
# it (it has no software HEVC encoder), so the picture is made by the project's own CounterVideo, encoded
# by Debian's x265 (apt-get install x265), and put into MP4 by the bundled ffmpeg without re-encoding.
#   320x180, 5 fps, 50 s, a keyframe every 125 frames (25 s), no B-frames; seat 0 (x 0.10-0.40, y 0.30-0.80)
#   empty throughout, seat 1 (x 0.55-0.85, y 0.30-0.80) occupied throughout.
# Run from the repository root after ./mvnw -pl device-agent -am test-compile.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/counter-hevc-gop25s.mp4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./mvnw -B -q -o dependency:build-classpath -pl device-agent -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="device-agent/target/classes:$(cat "$work/cp.txt")"
cat > "$work/Scene.java" <<'JAVA'
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import vn.onduty.agent.camera.FrameSources;
import vn.onduty.agent.sim.CounterVideo;

public class Scene {
    public static void main(String[] args) throws Exception {
        CounterVideo.write(Path.of(args[0]), new CounterVideo.Scene(320, 180, 5, 0, Duration.ofSeconds(50), List.of(
                new CounterVideo.Seat(0.10, 0.30, 0.40, 0.80, List.<double[]>of(new double[] {0, 50})),
                new CounterVideo.Seat(0.55, 0.30, 0.85, 0.80, List.of())), -1, 1, 2_000_000));
        FrameSources.load();
        System.out.println(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
    }
}
JAVA
ffmpeg="$(java -cp "$cp" "$work/Scene.java" "$work/scene.mp4" | tail -1)"
export LD_LIBRARY_PATH="$(dirname "$ffmpeg")"
"$ffmpeg" -hide_banner -loglevel error -i "$work/scene.mp4" -f yuv4mpegpipe -pix_fmt yuv420p "$work/scene.y4m"
x265 --log-level error --input "$work/scene.y4m" --preset fast --crf 30 --keyint 125 --min-keyint 125 --no-scenecut \
    --bframes 0 --no-open-gop --repeat-headers --output "$work/scene.hevc"
"$ffmpeg" -hide_banner -loglevel error -y -framerate 5 -i "$work/scene.hevc" -c copy -tag:v hvc1 "$out"
ls -l "$out"
