package dev.batchtracker.testing;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL server the postgres suites run against: 127.0.0.1:5432, database {@code test}, user
 * {@code postgres} (override with BATCH_TEST_PG_URL / BATCH_TEST_PG_USER / BATCH_TEST_PG_PASSWORD). Each suite works
 * in a schema of its own, so suites and other users of the server never see each other's rows.
 * <p>
 * Without a reachable server a suite is skipped with the reason, except under CI=true, where it fails: CI must
 * never pass by skipping.
 */
public final class PostgresServer {

    public static final String URL = env("BATCH_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("BATCH_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("BATCH_TEST_PG_PASSWORD", "");

    private static final java.util.regex.Pattern URL_PARTS =
            java.util.regex.Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?(/.*)");

    private PostgresServer() {
    }

    /**
     * A schema name of this test run's own: builds that share one database (two checkouts, a developer and CI)
     * must not drop each other's tables mid-test.
     */
    public static String schema(String base) {
        return base + "_" + ProcessHandle.current().pid();
    }

    public static String host() {
        return urlPart(1, "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(urlPart(2, "5432"));
    }

    /** The same database reached through another local port (a {@link TcpProxy}). */
    public static String urlThroughPort(int localPort) {
        return "jdbc:postgresql://127.0.0.1:" + localPort + urlPart(3, "/test");
    }

    private static String urlPart(int group, String fallback) {
        java.util.regex.Matcher matcher = URL_PARTS.matcher(URL);
        if (!matcher.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL: " + URL);
        }
        return matcher.group(group) == null ? fallback : matcher.group(group);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static final ExternalServer SERVER =
            new ExternalServer("PostgreSQL", URL, "BATCH_TEST_PG_URL", PostgresServer::problem);

    public static ExternalServer server() {
        return SERVER;
    }

    public static boolean reachable() {
        return SERVER.reachable();
    }

    /**
     * Skips the calling test (fails it under CI=true) when the server cannot be reached. Call it per test
     * (a BeforeEach), so every skipped test shows in the report with this reason.
     */
    public static void assumeReachable() {
        SERVER.assume();
    }

    private static String problem() {
        Properties properties = credentials();
        properties.setProperty("connectTimeout", "3");
        try (Connection ignored = DriverManager.getConnection(URL, properties)) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        return properties;
    }

    /** Drops the schema with everything in it, creates it empty and migrates it with the service's scripts. */
    public static void recreateSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        execute("CREATE SCHEMA " + schema);
        Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration/postgres").load().migrate();
    }

    public static void dropSchema(String schema) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    public static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, credentials());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Environment for a service process on the postgres store, working in {@code schema} of the database at
     * {@code url} (the server itself, or a proxy in front of it).
     */
    public static java.util.Map<String, String> serviceEnv(String url, String schema) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BATCH_STORE", "postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        env.put("QUARKUS_DATASOURCE_USERNAME", USER);
        if (!PASSWORD.isEmpty()) {
            env.put("QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
        }
        env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        return env;
    }

    /** A small pool whose connections work in {@code schema}, like the service's datasource. */
    public static AgroalDataSource pool(String schema, int maxSize, Duration timeout) throws SQLException {
        return pool(URL, schema, maxSize, timeout);
    }

    public static AgroalDataSource pool(String url, String schema, int maxSize, Duration timeout) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .maxSize(maxSize)
                        .acquisitionTimeout(timeout)
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(url)
                                .principal(new NamePrincipal(USER))
                                .credential(new SimplePassword(PASSWORD))
                                .loginTimeout(timeout)
                                .jdbcProperty("currentSchema", schema))));
    }
}
