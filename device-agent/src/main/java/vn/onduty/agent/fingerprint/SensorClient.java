package vn.onduty.agent.fingerprint;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/acknowledge exchange with one module over a {@link SensorLink}: sends a command frame and
 * waits, bounded by the instruction's timeout, for a verified acknowledge of the right shape from the
 * right address. Noise, partial frames and late replies to earlier commands are skipped and counted;
 * nothing here blocks longer than the timeout it was given. Not thread-safe: one loop owns it.
 */
public final class SensorClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorClient.class);

    private final SensorLink link;
    private final int address;
    private final FrameDecoder decoder;
    private final Deque<Frame> pending = new ArrayDeque<>();
    private final byte[] readBuffer = new byte[512];
    private long unexpectedFrames;

    public SensorClient(SensorLink link, int address) {
        this.link = link;
        this.address = address;
        this.decoder = new FrameDecoder(address);
    }

    /** Sends {@code instruction} and returns its acknowledge, whatever the confirmation code. */
    public Reply execute(Instruction instruction) throws SensorException {
        return execute(instruction, instruction.timeout());
    }

    public Reply execute(Instruction instruction, Duration timeout) throws SensorException {
        discardStale();
        try {
            link.write(FrameCodec.encode(instruction.toFrame(address)));
        } catch (IOException e) {
            throw new SensorLinkException(instruction.name() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame;
            while ((frame = pending.poll()) != null) {
                if (instruction.acceptsReply(frame)) {
                    pending.clear();
                    return Reply.of(frame);
                }
                unexpectedFrames++;
                LOG.debug("{} on {}: skipped {}, not its acknowledge", instruction.name(), link.description(), frame);
            }
            long remainingMillis = (deadline - System.nanoTime() + 999_999) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SensorTimeoutException(instruction.name() + " on " + link.description()
                        + ": no reply within " + timeout.toMillis() + " ms");
            }
            int n = read((int) Math.min(remainingMillis, Integer.MAX_VALUE), instruction);
            if (n > 0) {
                pending.addAll(decoder.feed(readBuffer, 0, n));
            }
        }
    }

    /** VfyPwd; {@link Confirmation#OK} or {@link Confirmation#WRONG_PASSWORD}. */
    public Confirmation verifyPassword(int password) throws SensorException {
        return execute(Instruction.vfyPwd(password)).confirmation();
    }

    public SystemParameters readSystemParameters() throws SensorException {
        Reply reply = require(Instruction.readSysPara());
        return SystemParameters.parse(reply);
    }

    /** How many templates the library holds. */
    public int templateCount() throws SensorException {
        return require(Instruction.templateNum()).unsignedShort(0);
    }

    /**
     * Which pages of one 256-page index page hold a template (bit {@code i} set: page
     * {@code indexPage * 256 + i} is used).
     *
     * @throws SensorRejectedException on modules without ReadIndexTable
     */
    public BitSet readIndexTable(int indexPage) throws SensorException {
        Reply reply = require(Instruction.readIndexTable(indexPage));
        return BitSet.valueOf(reply.data());
    }

    /** GenImg: OK when a finger was imaged, NO_FINGER when the window is empty. */
    public Confirmation genImg() throws SensorException {
        return execute(Instruction.genImg()).confirmation();
    }

    public Confirmation img2Tz(int buffer) throws SensorException {
        return execute(Instruction.img2Tz(buffer)).confirmation();
    }

    public SearchResult search(int buffer, int startPage, int pageCount) throws SensorException {
        return SearchResult.parse(execute(Instruction.search(buffer, startPage, pageCount)));
    }

    public SearchResult highSpeedSearch(int buffer, int startPage, int pageCount) throws SensorException {
        return SearchResult.parse(execute(Instruction.highSpeedSearch(buffer, startPage, pageCount)));
    }

    public Confirmation regModel() throws SensorException {
        return execute(Instruction.regModel()).confirmation();
    }

    public Confirmation store(int buffer, int page) throws SensorException {
        return execute(Instruction.store(buffer, page)).confirmation();
    }

    /** LoadChar: OK when {@code page} holds a template; used to find free pages on modules without ReadIndexTable. */
    public Confirmation loadChar(int buffer, int page) throws SensorException {
        return execute(Instruction.loadChar(buffer, page)).confirmation();
    }

    public Confirmation deleteChar(int page, int count) throws SensorException {
        return execute(Instruction.deleteChar(page, count)).confirmation();
    }

    public Confirmation empty() throws SensorException {
        return execute(Instruction.empty()).confirmation();
    }

    /**
     * VfyPwd then ReadSysPara, each retried: a module ignores the line for 50–500 ms after power-on.
     * ReadSysPara goes last on purpose: its reply is the only one with 16 data bytes, so once it
     * arrives every late reply to an earlier command has arrived before it and been skipped.
     */
    public SystemParameters handshake(int password, int attempts, Duration pause) throws SensorException, InterruptedException {
        retry(attempts, pause, () -> {
            Reply verified = execute(Instruction.vfyPwd(password));
            if (verified.confirmation() == Confirmation.WRONG_PASSWORD) {
                throw new SensorRejectedException("VfyPwd", verified.code());
            }
            if (!verified.ok()) {
                // Another bare acknowledge, most likely a late one to an earlier command: ask again.
                throw new SensorTimeoutException("VfyPwd on " + link.description() + " answered " + Confirmation.describe(verified.code()));
            }
            return verified;
        });
        return retry(attempts, pause, this::readSystemParameters);
    }

    /** Bytes dropped as noise, bad frames or stale input since this client was made. */
    public long discardedBytes() {
        return decoder.discardedBytes();
    }

    public long checksumErrors() {
        return decoder.checksumErrors();
    }

    /** Verified frames that answered no command of ours: late replies, other addresses, wrong shapes. */
    public long unexpectedFrames() {
        return unexpectedFrames + decoder.wrongAddressFrames();
    }

    @Override
    public void close() {
        link.close();
    }

    private Reply require(Instruction instruction) throws SensorException {
        Reply reply = execute(instruction);
        if (!reply.ok()) {
            throw new SensorRejectedException(instruction.name(), reply.code());
        }
        return reply;
    }

    /** Drops what arrived before this command: it can only be a late answer to an earlier one. */
    private void discardStale() throws SensorException {
        unexpectedFrames += pending.size();
        pending.clear();
        int n;
        while ((n = read(0, null)) > 0) {
            unexpectedFrames += decoder.feed(readBuffer, 0, n).size();
        }
        decoder.reset();
    }

    private int read(int timeoutMillis, Instruction during) throws SensorException {
        try {
            return link.read(readBuffer, timeoutMillis);
        } catch (IOException e) {
            throw new SensorLinkException((during == null ? "" : during.name() + ": ") + e.getMessage(), e);
        }
    }

    private interface Attempt<T> {
        T run() throws SensorException;
    }

    private static <T> T retry(int attempts, Duration pause, Attempt<T> attempt) throws SensorException, InterruptedException {
        SensorTimeoutException last = null;
        for (int i = 0; i < attempts; i++) {
            if (i > 0) {
                Thread.sleep(pause.toMillis());
            }
            try {
                return attempt.run();
            } catch (SensorTimeoutException e) {
                last = e;
            }
        }
        throw last == null ? new SensorTimeoutException("no attempt made") : last;
    }
}
