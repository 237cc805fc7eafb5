package vn.onduty.agent.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small RTSP server for tests, over TCP only: a publisher (the ffmpeg executable, pushing a file with
 * ANNOUNCE/RECORD) sends interleaved RTP, and every player (the agent, with DESCRIBE/SETUP/PLAY) gets
 * a copy. FFmpeg can push RTSP but not serve it, hence this relay. Knobs drop the players, as a network
 * would.
 *
 * <p>Beside the other simulators so that the agent's tests and the end-to-end tests share one relay.
 */
public final class RtspRelay implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Player> players = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger plays = new AtomicInteger();
    private volatile String sdp;
    private volatile Instant firstPacketAt;
    private volatile int dropPlayersAfterPackets;

    private static final class Player {
        final Socket socket;
        final OutputStream out;
        volatile boolean playing;
        int packets;

        Player(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }
    }

    public RtspRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "rtsp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/live";
    }

    /** From now on every player is disconnected after this many RTP packets (0: never). */
    public void dropPlayersAfter(int packets) {
        dropPlayersAfterPackets = packets;
    }

    /** When the first RTP packet of a publisher arrived (the start of its video); null before. */
    public Instant firstPacketAt() {
        return firstPacketAt;
    }

    /** How many PLAY requests were answered: one per (re)connection of the agent. */
    public int plays() {
        return plays.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread thread = new Thread(() -> serve(socket), "rtsp-relay-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Player player = null;
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            boolean publishing = false;
            while (true) {
                in.mark(1);
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == '$') {
                    int channel = in.readUnsignedByte();
                    int length = in.readUnsignedShort();
                    byte[] payload = in.readNBytes(length);
                    if (publishing) {
                        if (firstPacketAt == null) {
                            firstPacketAt = Instant.now();
                        }
                        forward(channel, payload);
                    }
                    continue;
                }
                in.reset();
                Map<String, String> headers = new LinkedHashMap<>();
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                String line;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                String method = requestLine.split(" ")[0];
                String cseq = headers.getOrDefault("cseq", "0");
                switch (method) {
                    case "OPTIONS", "GET_PARAMETER", "SET_PARAMETER" -> reply(out, cseq,
                            "Public: OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, TEARDOWN, GET_PARAMETER\r\n", null);
                    case "ANNOUNCE" -> {
                        sdp = new String(body, StandardCharsets.UTF_8);
                        publishing = true;
                        reply(out, cseq, "", null);
                    }
                    case "DESCRIBE" -> {
                        String description = sdp;
                        if (description == null) {
                            out.write(("RTSP/1.0 404 Not Found\r\nCSeq: " + cseq + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } else {
                            reply(out, cseq, "Content-Base: " + url() + "/\r\nContent-Type: application/sdp\r\n", description);
                        }
                    }
                    case "SETUP" -> {
                        String transport = headers.getOrDefault("transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
                        if (!transport.contains("TCP")) {
                            out.write(("RTSP/1.0 461 Unsupported Transport\r\nCSeq: " + cseq + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } else {
                            reply(out, cseq, "Transport: " + transport + "\r\nSession: 12345678\r\n", null);
                        }
                    }
                    case "PLAY" -> {
                        reply(out, cseq, "Session: 12345678\r\nRange: npt=0.000-\r\n", null);
                        player = new Player(socket);
                        player.playing = true;
                        players.add(player);
                        plays.incrementAndGet();
                    }
                    case "RECORD" -> reply(out, cseq, "Session: 12345678\r\n", null);
                    case "TEARDOWN" -> {
                        reply(out, cseq, "Session: 12345678\r\n", null);
                        return;
                    }
                    default -> {
                        out.write(("RTSP/1.0 501 Not Implemented\r\nCSeq: " + cseq + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            // The peer went away; so does its connection.
        } finally {
            if (player != null) {
                players.remove(player);
            }
        }
    }

    /** Marks the stream as gone: new players get 404 until a publisher announces again. */
    public void forgetStream() {
        sdp = null;
    }

    private void forward(int channel, byte[] payload) {
        for (Player player : players) {
            if (!player.playing) {
                continue;
            }
            try {
                synchronized (player.out) {
                    player.out.write('$');
                    player.out.write(channel);
                    player.out.write(payload.length >> 8);
                    player.out.write(payload.length & 0xFF);
                    player.out.write(payload);
                    player.out.flush();
                    player.packets++;
                }
                int drop = dropPlayersAfterPackets;
                if (drop > 0 && player.packets >= drop) {
                    player.playing = false;
                    players.remove(player);
                    player.socket.close();
                }
            } catch (IOException e) {
                players.remove(player);
            }
        }
    }

    private static void reply(OutputStream out, String cseq, String headers, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + headers
                + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
        synchronized (out) {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
