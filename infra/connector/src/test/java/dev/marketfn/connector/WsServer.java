package dev.marketfn.connector;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A websocket server on loopback (RFC 6455 on a plain ServerSocket), so a test controls everything a provider can do:
 * refuse the upgrade with a status and headers, send text and ping frames of any size, close with a code, drop the
 * TCP connection without a close frame, or go silent. Each accepted connection runs the test's {@link Script} on its
 * own thread.
 */
final class WsServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    WsServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::accept, "ws-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + path);
    }

    int connections() {
        return connections.get();
    }

    /** Exceptions the scripts threw other than the connection going away. */
    List<Throwable> failures() {
        return failures;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Peer p = new Peer(s);
                peers.add(p);
                Thread t = new Thread(() -> {
                    try (p) {
                        p.readRequest();
                        script.run(p);
                    } catch (EOFException | java.net.SocketException e) {
                        // the client went away
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "ws-server-peer-" + connections.get());
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Peer p : peers) {
            p.close();
        }
        acceptor.join(5000);
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    /** One client connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String target;
        private final AtomicInteger pongs = new AtomicInteger();

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        /** The request target, e.g. {@code /stream?streams=btcusdt@trade}. */
        String target() {
            return target;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        int pongs() {
            return pongs.get();
        }

        void readRequest() throws IOException {
            String line = readLine(in);
            target = line.split(" ")[1];
            while (!(line = readLine(in)).isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException();
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** Completes the upgrade. */
        void accept() throws Exception {
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((header("sec-websocket-key") + GUID).getBytes(StandardCharsets.ISO_8859_1)));
            write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Refuses the upgrade with an HTTP status, e.g. 429 with {@code Retry-After}. */
        void refuse(int status, Map<String, String> extra) throws IOException {
            StringBuilder r = new StringBuilder("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n");
            extra.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
            write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        void sendText(String text) throws IOException {
            frame(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendPing(String payload) throws IOException {
            frame(0x9, payload.getBytes(StandardCharsets.UTF_8));
        }

        void sendClose(int code, String reason) throws IOException {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] p = new byte[2 + r.length];
            p[0] = (byte) (code >> 8);
            p[1] = (byte) code;
            System.arraycopy(r, 0, p, 2, r.length);
            frame(0x8, p);
        }

        private synchronized void frame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
            f.write(0x80 | opcode);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(127);
                for (int i = 7; i >= 0; i--) {
                    f.write((int) ((long) payload.length >> (8 * i)));
                }
            }
            f.writeBytes(payload);
            write(f.toByteArray());
        }

        private synchronized void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /**
         * The next text frame from the client within {@code timeout}; pongs are counted on the way; null when the
         * client sent a close frame or the time ran out.
         */
        String readText(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    long len = b1 & 0x7f;
                    if (len == 126) {
                        len = in.readUnsignedShort();
                    } else if (len == 127) {
                        len = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) len];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    switch (b0 & 0x0f) {
                        case 0x1 -> {
                            return new String(payload, StandardCharsets.UTF_8);
                        }
                        case 0x8 -> {
                            return null;
                        }
                        case 0xA -> pongs.incrementAndGet();
                        default -> { }
                    }
                }
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** Waits up to {@code timeout} for pongs (reading and discarding anything else). */
        void awaitPong(Duration timeout) throws IOException {
            long end = System.nanoTime() + timeout.toNanos();
            while (pongs.get() == 0 && System.nanoTime() < end) {
                readText(Duration.ofMillis(50));
            }
        }

        /**
         * Ends the TCP connection without a websocket close frame: FIN after everything written (so the client reads
         * every frame sent before it), the client's last bytes drained, then the socket closed.
         */
        void drop() throws IOException {
            socket.shutdownOutput();
            socket.setSoTimeout(2000);
            try {
                while (in.read() >= 0) {
                    // drain
                }
            } catch (IOException e) {
                // gone already
            }
            socket.close();
        }

        /** Keeps the socket open and says nothing for {@code d}, reading what the client sends; ends when it goes away. */
        void silence(Duration d) throws IOException {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                readText(Duration.ofMillis(100));
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
