package dev.batchtracker.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL and Redis servers of this machine (127.0.0.1), as the store measurements prepare them. */
final class StoreServers {

    private StoreServers() {
    }

    static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Drops the database (with its connections) and creates it empty: every run starts from nothing. */
    static void freshPostgresDatabase(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + name + ": " + e.getMessage(), e);
        }
    }

    /** SELECT and FLUSHDB in Redis's own protocol: the harness needs no client library for two commands. */
    static void flushRedisDatabase(int index) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            // Synchronous on purpose (no freeing in the background while a point measures); emptying a database
            // a contention run filled (~1 GB) took over 5 s on a slow machine.
            socket.setSoTimeout(120_000);
            String db = Integer.toString(index);
            String commands = "*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n";
            socket.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (int i = 0; i < 2; i++) {
                String reply = in.readLine();
                if (reply == null || !reply.startsWith("+OK")) {
                    throw new IOException("Redis answered " + reply);
                }
            }
        }
    }
}
