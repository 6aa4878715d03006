package dev.batchtracker.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.eclipse.microprofile.config.spi.Converter;

import java.math.BigInteger;

/**
 * Reads {@code batch.max-store-memory}: Quarkus' size forms (512M, 1G, 268435456; a suffix K, M, G, T… in
 * powers of 1024, either case, or none for bytes), refused unless above zero and within a long. A refusal fails the
 * start with the property named, so a budget of nothing never reaches the create path as "every create is 503".
 */
public class StoreMemoryConverter implements Converter<MemorySize> {

    private static final BigInteger LARGEST = BigInteger.valueOf(Long.MAX_VALUE);

    private final MemorySizeConverter sizes = new MemorySizeConverter();

    @Override
    public MemorySize convert(String value) {
        MemorySize size;
        try {
            size = sizes.convert(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a size such as 512M, 1G or 268435456 (bytes) is expected, not '"
                    + value.strip() + "'");
        }
        BigInteger bytes = size.asBigInteger();
        if (bytes.signum() <= 0 || bytes.compareTo(LARGEST) > 0) {
            throw new IllegalArgumentException("the store's memory budget must be above zero and at most "
                    + Long.MAX_VALUE + " bytes, not '" + value.strip() + "'");
        }
        return size;
    }
}
