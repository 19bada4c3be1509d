package dev.prequel.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A line echo server behind a {@link TcpProxy}: bytes pass both ways, a cut looks like an outage, a restore ends it. */
class TcpProxyTest {
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serveEcho, "echo");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        assertTrue(proxy.port() != echo.getLocalPort());
        try (Socket client = connect()) {
            assertEquals("hello", roundTrip(client, "hello"));
            assertEquals("again", roundTrip(client, "again"));
        }
    }

    @Test
    void cutEndsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        Socket before = connect();
        assertEquals("before", roundTrip(before, "before"));

        proxy.cut();
        assertTrue(proxy.isCut());
        assertTrue(isDead(before), "an open connection ends when the proxy is cut");
        try (Socket during = connect()) {
            assertTrue(isDead(during), "a new connection is closed at once while cut");
        }

        proxy.restore();
        assertFalse(proxy.isCut());
        try (Socket after = connect()) {
            assertEquals("after", roundTrip(after, "after"));
        }
        before.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String line) throws IOException {
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(line);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** EOF or a reset on read (a write may still be buffered locally, so read what comes back). */
    private static boolean isDead(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("ping\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread worker = new Thread(() -> echoLines(socket), "echo-worker");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echoLines(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
            }
        } catch (IOException ignored) {
            // the client or the proxy went away
        }
    }
}
