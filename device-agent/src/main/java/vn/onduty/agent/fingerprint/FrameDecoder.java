package vn.onduty.agent.fingerprint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming decoder for bytes read from a serial line in whatever chunks the port delivers.
 * A UART drops, adds and flips bytes, so nothing is trusted until its checksum holds: after garbage,
 * a bad checksum or an impossible PID/LEN it drops one byte and looks for the next {@code EF 01},
 * which also recovers a good frame that followed a corrupted one; a frame-like start whose claimed length
 * has not arrived is given up as noise as soon as a whole, verified frame follows it. Frames for another module address
 * have a valid checksum (the address is not summed) and are rejected whole. Not thread-safe.
 */
public final class FrameDecoder {

    private final int expectedAddress;
    private byte[] buffer = new byte[512];
    private int size;
    private long discardedBytes;
    private long checksumErrors;
    private long wrongAddressFrames;

    public FrameDecoder(int expectedAddress) {
        this.expectedAddress = expectedAddress;
    }

    /** Appends a chunk and returns every complete, verified frame for our address it completes. */
    public List<Frame> feed(byte[] chunk, int offset, int length) {
        ensureCapacity(size + length);
        System.arraycopy(chunk, offset, buffer, size, length);
        size += length;
        List<Frame> frames = new ArrayList<>(1);
        int start = 0;
        while (true) {
            int header = findHeader(start);
            discardedBytes += header - start;
            start = header;
            if (size - start < FrameCodec.PREFIX_LENGTH) {
                break;
            }
            int pid = buffer[start + 6] & 0xFF;
            int len = FrameCodec.getShort(buffer, start + 7);
            if (!Frame.isKnownPid(pid) || len < FrameCodec.MIN_LEN || len > FrameCodec.MAX_LEN) {
                start = skipOne(start);
                continue;
            }
            int total = FrameCodec.PREFIX_LENGTH + len;
            if (size - start < total) {
                // Noise can look like the start of a long frame; a whole, verified frame already behind it
                // means it was noise, and waiting for the bytes it claims would hold that frame back.
                int later = completeFrameAfter(start);
                if (later < 0) {
                    break;
                }
                discardedBytes += later - start;
                start = later;
                continue;
            }
            int payloadLength = len - 2;
            int payloadStart = start + FrameCodec.PREFIX_LENGTH;
            int expectedSum = FrameCodec.checksum(pid, len, buffer, payloadStart, payloadLength);
            int actualSum = FrameCodec.getShort(buffer, payloadStart + payloadLength);
            if (expectedSum != actualSum) {
                checksumErrors++;
                start = skipOne(start);
                continue;
            }
            int address = FrameCodec.getInt(buffer, start + 2);
            if (address != expectedAddress) {
                wrongAddressFrames++;
            } else {
                frames.add(new Frame(address, pid, Arrays.copyOfRange(buffer, payloadStart, payloadStart + payloadLength)));
            }
            start += total;
        }
        System.arraycopy(buffer, start, buffer, 0, size - start);
        size -= start;
        return frames;
    }

    /** Forgets a partly received frame, e.g. the tail of a reply that came too late; counts it as discarded. */
    public void reset() {
        discardedBytes += size;
        size = 0;
    }

    /** Bytes held back as the possible start of a frame. */
    public int buffered() {
        return size;
    }

    /** Bytes dropped while looking for a frame: line noise, corrupted frames, resets. */
    public long discardedBytes() {
        return discardedBytes;
    }

    public long checksumErrors() {
        return checksumErrors;
    }

    public long wrongAddressFrames() {
        return wrongAddressFrames;
    }

    /** Where the first complete frame with a valid checksum after {@code start} begins, or -1. */
    private int completeFrameAfter(int start) {
        for (int i = start + 1; i + FrameCodec.PREFIX_LENGTH <= size; i++) {
            if ((buffer[i] & 0xFF) != FrameCodec.HEADER_HI || (buffer[i + 1] & 0xFF) != FrameCodec.HEADER_LO) {
                continue;
            }
            int pid = buffer[i + 6] & 0xFF;
            int len = FrameCodec.getShort(buffer, i + 7);
            if (!Frame.isKnownPid(pid) || len < FrameCodec.MIN_LEN || len > FrameCodec.MAX_LEN
                    || i + FrameCodec.PREFIX_LENGTH + len > size) {
                continue;
            }
            int payloadStart = i + FrameCodec.PREFIX_LENGTH;
            if (FrameCodec.checksum(pid, len, buffer, payloadStart, len - 2) == FrameCodec.getShort(buffer, payloadStart + len - 2)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the next possible header at or after {@code from}. A lone trailing EF is kept, as the
     * next chunk may bring its 01.
     */
    private int findHeader(int from) {
        for (int i = from; i < size; i++) {
            if ((buffer[i] & 0xFF) == FrameCodec.HEADER_HI && (i + 1 == size || (buffer[i + 1] & 0xFF) == FrameCodec.HEADER_LO)) {
                return i;
            }
        }
        return size;
    }

    private int skipOne(int start) {
        discardedBytes++;
        return start + 1;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
