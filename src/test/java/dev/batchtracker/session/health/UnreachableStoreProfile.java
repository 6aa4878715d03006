package dev.batchtracker.session.health;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Set;

public class UnreachableStoreProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(UnreachableStore.class);
    }
}
