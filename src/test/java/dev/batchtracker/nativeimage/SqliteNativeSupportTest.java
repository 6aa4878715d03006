package dev.batchtracker.nativeimage;

import org.junit.jupiter.api.Test;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite store in a native image rests on sqlite-jdbc's own native-image support, with no Quarkus extension
 * between: its jar carries {@code META-INF/native-image/org.xerial/sqlite-jdbc/native-image.properties}, which the
 * native-image builder reads from the class path and which turns on {@code SqliteJdbcFeature}. That feature
 * registers the JNI entry points and puts the platform's {@code libsqlitejdbc.so} into the image as a resource;
 * at run time the driver writes it to {@code org.sqlite.tmpdir} (default {@code java.io.tmpdir}) and loads it.
 * These checks fail when an upgrade of the driver drops any of it, before a native build would.
 */
class SqliteNativeSupportTest {

    static final String CONFIG = "META-INF/native-image/org.xerial/sqlite-jdbc/native-image.properties";
    static final String FEATURE = "org.sqlite.nativeimage.SqliteJdbcFeature";

    @Test
    void theDriverJarTurnsOnItsNativeImageFeature() throws IOException {
        Properties config = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            assertThat(in).as(CONFIG + " on the class path").isNotNull();
            config.load(in);
        }
        assertThat(config.getProperty("Args")).contains("--features=" + FEATURE);
        // The feature is compiled for Java 9+ only, in the jar's versioned part; the builder runs on 25.
        assertThat(getClass().getClassLoader().getResource(FEATURE.replace('.', '/') + ".class"))
                .as(FEATURE + " in the driver jar").isNotNull();
    }

    @Test
    void theDriverJarHasANativeLibraryForThisPlatform() {
        // The same check the feature makes before it puts the library into the image.
        assertThat(LibraryLoaderUtil.hasNativeLib(LibraryLoaderUtil.getNativeLibResourcePath(),
                LibraryLoaderUtil.getNativeLibName()))
                .as("libsqlitejdbc for " + LibraryLoaderUtil.getNativeLibResourcePath())
                .isTrue();
    }
}
