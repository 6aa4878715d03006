package dev.batchtracker.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Map;

/**
 * Two instances of the packaged service on one shared store, for the test class that registers this as a static
 * field with {@code @RegisterExtension}: both started and ready before its first test, both stopped after its last.
 * <p>
 * Without the store's server nothing is started, and every test is skipped with the reason, or fails under CI=true
 * ({@link ExternalServer#assume()}).
 */
public final class TwoInstances implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Work on the store around the instances' lifetime (a schema, a key prefix). */
    @FunctionalInterface
    public interface StoreStep {
        void run() throws Exception;
    }

    private final ExternalServer server;
    private final Map<String, String> env;
    private final String nameA;
    private final String nameB;
    private StoreStep beforeStart = () -> {
    };
    private StoreStep afterStop = () -> {
    };

    private ServiceProcess a;
    private ServiceProcess b;

    /**
     * @param env   both instances' environment, which points them at the same store
     * @param nameA names instance A's log file ({@code target/it-logs/<name>-<port>.log}); likewise {@code nameB}
     */
    public TwoInstances(ExternalServer server, Map<String, String> env, String nameA, String nameB) {
        this.server = server;
        this.env = Map.copyOf(env);
        this.nameA = nameA;
        this.nameB = nameB;
    }

    /** Runs before the instances start (and only when the server is there), e.g. to create their schema. */
    public TwoInstances beforeStart(StoreStep step) {
        this.beforeStart = step;
        return this;
    }

    /** Runs after both instances have stopped (and only when the server is there), e.g. to remove their data. */
    public TwoInstances afterStop(StoreStep step) {
        this.afterStop = step;
        return this;
    }

    public ServiceProcess a() {
        return started(a);
    }

    public ServiceProcess b() {
        return started(b);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!server.reachable()) {
            return; // each test reports the skip (or, under CI=true, the failure) itself
        }
        beforeStart.run();
        List<ServiceProcess> instances = ServiceProcess.startReady(env, nameA, nameB);
        a = instances.get(0);
        b = instances.get(1);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.assume();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            ServiceProcess.closeAll(a, b);
        } finally {
            a = null;
            b = null;
            if (server.reachable()) {
                afterStop.run();
            }
        }
    }

    private static ServiceProcess started(ServiceProcess instance) {
        if (instance == null) {
            throw new IllegalStateException("the instances run only from before the first test to after the last");
        }
        return instance;
    }
}
