package dev.batchtracker.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** batch.max-store-memory: the size forms it takes, its default, and the values that stop the start. */
class MaxStoreMemoryTest {

    private final StoreMemoryConverter converter = new StoreMemoryConverter();

    @ParameterizedTest
    @CsvSource({
            "512M, 536870912",
            "512m, 536870912",
            "1G, 1073741824",
            "64K, 65536",
            "268435456, 268435456",
            "' 2G ', 2147483648",
            "1, 1",
    })
    void sizesInBytesOrWithASuffixInPowersOf1024(String value, long bytes) {
        assertThat(converter.convert(value).asLongValue()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0M", "-1", "512MB", "1.5G", "lots", "9E"})
    void nothingZeroNegativeMalformedOrBeyondALongIsAccepted(String value) {
        assertThatThrownBy(() -> converter.convert(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value);
    }

    @Test
    void theDefaultIs512MiB() {
        assertThat(config(Map.of()).maxStoreMemory().asLongValue()).isEqualTo(512L * 1024 * 1024);
    }

    @Test
    void aSetValueIsRead() {
        assertThat(config(Map.of("batch.max-store-memory", "1G")).maxStoreMemory().asLongValue())
                .isEqualTo(1L << 30);
    }

    /** The mapping is checked as the configuration is built, which in the service is before anything starts. */
    @Test
    void aBudgetOfNothingStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> config(Map.of("batch.max-store-memory", "0")))
                .hasStackTraceContaining("batch.max-store-memory")
                .hasStackTraceContaining("above zero");
    }

    private static BatchConfig config(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BatchConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(BatchConfig.class);
    }
}
