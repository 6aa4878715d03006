package dev.batchtracker.packaged;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged service on the default store. */
@QuarkusIntegrationTest
class MemoryStoreIT extends PackagedStoreCheck {

    @Override
    String store() {
        return "memory";
    }
}
