package vn.onduty.agent.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import vn.onduty.agent.fingerprint.Frame;
import vn.onduty.agent.fingerprint.Instruction;

/**
 * The protocol behaviour of an R30x/AS608 module, without any transport: a finger library
 * (slot → finger id), two character buffers, an image buffer and a finger that is or is not on the
 * window at each GenImg. Fingers are plain numbers; a "template" is the finger id itself, so
 * matching is exact and tests can say which finger should match which slot. Thread-safe: a test
 * scripts touches while the transport thread answers commands.
 */
public final class SimulatedSensor {

    /** Called when a finger lands on the window; {@code slot} is -1 for a finger not in the library. */
    public interface TouchListener {
        void touched(int fingerId, int slot);
    }

    /**
     * Called when a search finds the finger, as the match reply is made and just before the transport
     * writes it: end-to-end tests count the matches the agent was told of and time what follows.
     * Runs under the sensor's lock, so it must be quick.
     */
    public interface MatchListener {
        void matched(int fingerId, int slot, int score);
    }

    private record Touch(int fingerId, int polls) {
    }

    private static final int OK = 0x00;
    private static final int RECEIVE_ERROR = 0x01;
    private static final int NO_FINGER = 0x02;
    private static final int TOO_FEW_FEATURES = 0x07;
    private static final int NOT_FOUND = 0x09;
    private static final int MERGE_FAILED = 0x0A;
    private static final int PAGE_OUT_OF_RANGE = 0x0B;
    private static final int BAD_TEMPLATE = 0x0C;
    private static final int DELETE_FAILED = 0x10;
    private static final int WRONG_PASSWORD = 0x13;
    private static final int PASSWORD_REQUIRED = 0x21;
    /** Ids of fingers that random touches use when they pick someone not enrolled. */
    public static final int FIRST_UNKNOWN_FINGER = 100_000;

    private final int capacity;
    private final int address;
    private final int password;
    private final Clock clock;
    private final Random random;
    private final TreeMap<Integer, Integer> library = new TreeMap<>();
    private final Deque<Touch> scriptedTouches = new ArrayDeque<>();
    private final Integer[] charBuffers = new Integer[3];
    private TouchListener touchListener = (finger, slot) -> { };
    private MatchListener matchListener = (finger, slot, score) -> { };
    private Duration bootDelay = Duration.ZERO;
    private Instant bootedAt = Instant.MIN;
    private boolean indexTableSupported = true;
    private boolean passwordVerified;
    private double randomTouchesPerMinute;
    private boolean presentNewFingerOnEnrollment;
    private int nextNewFinger = 50_000;
    private double unknownFingerShare = 0.1;
    private Instant nextRandomTouch = Instant.MAX;
    private Integer fingerOnWindow;
    private int pollsLeft;
    /** A touch ends with at least one empty GenImg, so the reader can see the finger was lifted. */
    private boolean liftPending;
    private Integer image;
    private long genImgCount;

    public SimulatedSensor(int capacity, int address, int password, Clock clock, long seed) {
        if (capacity < 1 || capacity > 0xFFFF) {
            throw new IllegalArgumentException("capacity must be 1..65535, not " + capacity);
        }
        this.capacity = capacity;
        this.address = address;
        this.password = password;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /** The usual unprotected module: address FFFFFFFF, password 0. */
    public SimulatedSensor(int capacity, Clock clock, long seed) {
        this(capacity, Frame.DEFAULT_ADDRESS, 0, clock, seed);
    }

    public int capacity() {
        return capacity;
    }

    public int address() {
        return address;
    }

    public synchronized void setTouchListener(TouchListener listener) {
        this.touchListener = listener;
    }

    public synchronized void setMatchListener(MatchListener listener) {
        this.matchListener = listener;
    }

    /** How long the module ignores the line after {@link #powerOn()}; real ones take 50–500 ms. */
    public synchronized void setBootDelay(Duration delay) {
        this.bootDelay = delay;
    }

    /** Older firmware lacks ReadIndexTable and answers it with a receive error. */
    public synchronized void setIndexTableSupported(boolean supported) {
        this.indexTableSupported = supported;
    }

    /**
     * Random touches, Poisson-spread at {@code perMinute}; a share of them by fingers nobody enrolled.
     * 0 turns them off.
     */
    public synchronized void setRandomTouches(double perMinute, double unknownShare) {
        this.randomTouchesPerMinute = perMinute;
        this.unknownFingerShare = unknownShare;
        this.nextRandomTouch = perMinute > 0 ? clock.instant().plus(nextRandomGap()) : Instant.MAX;
    }

    /** Starts the boot delay and forgets the password check, as a power cycle does. */
    public synchronized void powerOn() {
        bootedAt = clock.instant().plus(bootDelay);
        passwordVerified = false;
        charBuffers[1] = null;
        charBuffers[2] = null;
        image = null;
    }

    public synchronized void enrollFinger(int slot, int fingerId) {
        requireSlot(slot);
        library.put(slot, fingerId);
    }

    /** Fills slots 0..count-1 with fingers 1..count. */
    public synchronized void enrollFingers(int count) {
        for (int i = 0; i < count; i++) {
            enrollFinger(i, i + 1);
        }
    }

    /** Slot → finger id. */
    public synchronized Map<Integer, Integer> library() {
        return Map.copyOf(library);
    }

    public synchronized OptionalInt slotOf(int fingerId) {
        return library.entrySet().stream().filter(e -> e.getValue() == fingerId).mapToInt(Map.Entry::getKey).findFirst();
    }

    /** Puts {@code fingerId} on the window for the next {@code polls} GenImg commands, after touches already queued. */
    public synchronized void touch(int fingerId, int polls) {
        if (polls < 1) {
            throw new IllegalArgumentException("a touch lasts at least one poll");
        }
        scriptedTouches.add(new Touch(fingerId, polls));
    }

    /**
     * Makes the simulated officer at the sensor cooperate with an enrollment: when the agent reads the
     * index table (the first step of enrolling) and nobody is at the window, a finger not yet in the
     * library is placed twice.
     * Off by default, so tests script enrollment fingers themselves.
     */
    public synchronized void setPresentNewFingerOnEnrollment(boolean enabled) {
        this.presentNewFingerOnEnrollment = enabled;
    }

    /** Scripted touches not yet finished, counting the one on the window. */
    public synchronized int pendingTouches() {
        return scriptedTouches.size() + (fingerOnWindow != null ? 1 : 0);
    }

    public synchronized long genImgCount() {
        return genImgCount;
    }

    /** The module's score for a finger: stable, so tests can expect it. */
    public static int scoreOf(int fingerId) {
        return 40 + Math.floorMod(fingerId * 37, 160);
    }

    /**
     * Answers one command frame as the module would.
     *
     * @return the acknowledge, or empty when a real module would stay silent (booting, another address,
     *     not a command packet)
     */
    public synchronized Optional<Frame> handle(Frame command) {
        if (command.address() != address || command.pid() != Frame.COMMAND || clock.instant().isBefore(bootedAt)) {
            return Optional.empty();
        }
        byte[] p = command.payload();
        int instruction = p[0] & 0xFF;
        if (password != 0 && !passwordVerified && instruction != Instruction.VFY_PWD) {
            return reply(PASSWORD_REQUIRED);
        }
        try {
            return switch (instruction) {
                case Instruction.VFY_PWD -> verifyPassword(p);
                case Instruction.READ_SYS_PARA -> readSysPara(p);
                case Instruction.TEMPLATE_NUM -> length(p, 1) ? reply(OK, library.size() >>> 8, library.size()) : reply(RECEIVE_ERROR);
                case Instruction.READ_INDEX_TABLE -> readIndexTable(p);
                case Instruction.GEN_IMG -> length(p, 1) ? genImg() : reply(RECEIVE_ERROR);
                case Instruction.IMG2TZ -> img2Tz(p);
                case Instruction.SEARCH, Instruction.HIGH_SPEED_SEARCH -> search(p);
                case Instruction.REG_MODEL -> regModel(p);
                case Instruction.STORE -> store(p);
                case Instruction.LOAD_CHAR -> loadChar(p);
                case Instruction.DELETE_CHAR -> deleteChar(p);
                case Instruction.EMPTY -> {
                    library.clear();
                    yield reply(OK);
                }
                default -> reply(RECEIVE_ERROR);
            };
        } catch (IllegalArgumentException e) {
            return reply(RECEIVE_ERROR);
        }
    }

    private Optional<Frame> verifyPassword(byte[] p) {
        if (!length(p, 5)) {
            return reply(RECEIVE_ERROR);
        }
        passwordVerified = int32(p, 1) == password;
        return reply(passwordVerified ? OK : WRONG_PASSWORD);
    }

    private Optional<Frame> readSysPara(byte[] p) {
        if (!length(p, 1)) {
            return reply(RECEIVE_ERROR);
        }
        // status 0, system id 9, capacity, security level 3, address, 128-byte packets, 57600 baud
        return reply(OK, 0, 0, 0, 9, capacity >>> 8, capacity, 0, 3,
                address >>> 24, address >>> 16, address >>> 8, address, 0, 2, 0, 6);
    }

    private Optional<Frame> readIndexTable(byte[] p) {
        if (!indexTableSupported || !length(p, 2) || (p[1] & 0xFF) > 3) {
            return reply(RECEIVE_ERROR);
        }
        // Once per enrollment: an agent that reads the table again (its reply was lost) finds the officer's finger
        // already on its way, not a second officer queueing behind.
        if (presentNewFingerOnEnrollment && (p[1] & 0xFF) == 0 && scriptedTouches.isEmpty() && fingerOnWindow == null) {
            int finger = nextNewFinger++;
            touch(finger, 3);
            touch(finger, 3);
        }
        int first = (p[1] & 0xFF) * Instruction.INDEX_PAGE_TEMPLATES;
        int[] bitmap = new int[33];
        bitmap[0] = OK;
        for (int slot : library.subMap(first, first + Instruction.INDEX_PAGE_TEMPLATES).keySet()) {
            int bit = slot - first;
            bitmap[1 + bit / 8] |= 1 << (bit % 8);
        }
        return reply(bitmap);
    }

    private Optional<Frame> genImg() {
        genImgCount++;
        if (fingerOnWindow == null && !liftPending) {
            startNextTouch();
        }
        if (fingerOnWindow == null) {
            liftPending = false;
            image = null;
            return reply(NO_FINGER);
        }
        image = fingerOnWindow;
        if (--pollsLeft == 0) {
            fingerOnWindow = null;
            liftPending = true;
        }
        return reply(OK);
    }

    private void startNextTouch() {
        Touch touch = scriptedTouches.poll();
        if (touch == null && !clock.instant().isBefore(nextRandomTouch)) {
            nextRandomTouch = clock.instant().plus(nextRandomGap());
            touch = new Touch(randomFinger(), 2 + random.nextInt(4));
        }
        if (touch != null) {
            fingerOnWindow = touch.fingerId();
            pollsLeft = touch.polls();
            touchListener.touched(touch.fingerId(), slotOf(touch.fingerId()).orElse(-1));
        }
    }

    private int randomFinger() {
        if (library.isEmpty() || random.nextDouble() < unknownFingerShare) {
            return FIRST_UNKNOWN_FINGER + random.nextInt(1000);
        }
        List<Integer> fingers = new ArrayList<>(library.values());
        return fingers.get(random.nextInt(fingers.size()));
    }

    private Duration nextRandomGap() {
        double minutes = -Math.log(1 - random.nextDouble()) / randomTouchesPerMinute;
        return Duration.ofMillis(Math.max(1, (long) (minutes * 60_000)));
    }

    private Optional<Frame> img2Tz(byte[] p) {
        if (!length(p, 2)) {
            return reply(RECEIVE_ERROR);
        }
        int buffer = buffer(p[1]);
        if (image == null) {
            return reply(TOO_FEW_FEATURES);
        }
        charBuffers[buffer] = image;
        return reply(OK);
    }

    private Optional<Frame> search(byte[] p) {
        if (!length(p, 6)) {
            return reply(RECEIVE_ERROR);
        }
        Integer finger = charBuffers[buffer(p[1])];
        int start = uint16(p, 2);
        int end = Math.min(capacity, start + uint16(p, 4));
        if (finger != null) {
            for (Map.Entry<Integer, Integer> entry : library.subMap(start, Math.max(start, end)).entrySet()) {
                if (entry.getValue().equals(finger)) {
                    int score = scoreOf(finger);
                    matchListener.matched(finger, entry.getKey(), score);
                    return reply(OK, entry.getKey() >>> 8, entry.getKey(), score >>> 8, score);
                }
            }
        }
        return reply(NOT_FOUND, 0, 0, 0, 0);
    }

    private Optional<Frame> regModel(byte[] p) {
        if (!length(p, 1)) {
            return reply(RECEIVE_ERROR);
        }
        if (charBuffers[1] == null || !charBuffers[1].equals(charBuffers[2])) {
            return reply(MERGE_FAILED);
        }
        return reply(OK);
    }

    private Optional<Frame> store(byte[] p) {
        if (!length(p, 4)) {
            return reply(RECEIVE_ERROR);
        }
        Integer finger = charBuffers[buffer(p[1])];
        int page = uint16(p, 2);
        if (page >= capacity) {
            return reply(PAGE_OUT_OF_RANGE);
        }
        if (finger == null) {
            return reply(BAD_TEMPLATE);
        }
        library.put(page, finger);
        return reply(OK);
    }

    private Optional<Frame> loadChar(byte[] p) {
        if (!length(p, 4)) {
            return reply(RECEIVE_ERROR);
        }
        int buffer = buffer(p[1]);
        int page = uint16(p, 2);
        if (page >= capacity) {
            return reply(PAGE_OUT_OF_RANGE);
        }
        Integer finger = library.get(page);
        if (finger == null) {
            return reply(BAD_TEMPLATE);
        }
        charBuffers[buffer] = finger;
        return reply(OK);
    }

    private Optional<Frame> deleteChar(byte[] p) {
        if (!length(p, 5)) {
            return reply(RECEIVE_ERROR);
        }
        int page = uint16(p, 1);
        int count = uint16(p, 3);
        if (count == 0 || page + count > capacity) {
            return reply(DELETE_FAILED);
        }
        library.subMap(page, page + count).clear();
        return reply(OK);
    }

    private Optional<Frame> reply(int... bytes) {
        byte[] payload = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            payload[i] = (byte) bytes[i];
        }
        return Optional.of(Frame.ack(address, payload));
    }

    private void requireSlot(int slot) {
        if (slot < 0 || slot >= capacity) {
            throw new IllegalArgumentException("slot must be 0.." + (capacity - 1) + ", not " + slot);
        }
    }

    private static boolean length(byte[] p, int expected) {
        return p.length == expected;
    }

    private static int buffer(byte b) {
        int buffer = b & 0xFF;
        if (buffer != 1 && buffer != 2) {
            throw new IllegalArgumentException("buffer " + buffer);
        }
        return buffer;
    }

    private static int uint16(byte[] p, int offset) {
        return ((p[offset] & 0xFF) << 8) | (p[offset + 1] & 0xFF);
    }

    private static int int32(byte[] p, int offset) {
        return (uint16(p, offset) << 16) | uint16(p, offset + 2);
    }
}
