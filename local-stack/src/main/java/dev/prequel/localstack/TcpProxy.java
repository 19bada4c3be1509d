package dev.prequel.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder between a client and one server, for fault tests: {@link #cut()} makes the server look
 * unreachable the way an outage looks to a client (open connections are reset at once, new ones are accepted and
 * closed straight away) until {@link #restore()}. Point a service's S3 endpoint or Kafka bootstrap at
 * {@code 127.0.0.1:port()} instead of the real one.
 *
 * <p>One daemon thread per direction of each connection: fault tests open tens of connections, not thousands,
 * and the project targets Java 17 (no virtual threads).
 */
public final class TcpProxy implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
    }

    /** Listens on a free loopback port and forwards every connection to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(targetHost, targetPort, listener);
            daemon("tcp-proxy-accept-" + listener.getLocalPort(), proxy::acceptLoop).start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every open connection and refuses new ones (accepted, then closed at once) until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            reset(socket);
        }
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException ignored) {
            // the accept loop ends either way
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                reset(client);
                continue;
            }
            daemon("tcp-proxy-connect-" + port(), () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
        } catch (IOException e) {
            reset(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (cut) { // cut while connecting
            reset(client);
            reset(server);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (SocketException ignored) {
            // latency only
        }
        AtomicInteger ended = new AtomicInteger();
        daemon("tcp-proxy-up-" + port(), () -> pump(client, server, ended)).start();
        daemon("tcp-proxy-down-" + port(), () -> pump(server, client, ended)).start();
    }

    /**
     * Copies one direction. An orderly end is passed on as a half-close (the other direction may still carry a
     * reply) and both sockets are closed once both directions have ended; an error resets both at once.
     */
    private void pump(Socket from, Socket to, AtomicInteger ended) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
            return;
        } catch (IOException ignored) {
            // reset by a peer or by cut()
        }
        reset(from);
        reset(to);
    }

    /** Closes with SO_LINGER 0, so the peer sees a reset rather than a graceful end, as when a route goes down. */
    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
        open.remove(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
