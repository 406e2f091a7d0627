package io.gossamer.example.se;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * java.util.logging (the backend of {@link System.Logger}, and Weld's through JBoss Logging) with logging
 * kept on until the JVM exits.
 *
 * <p>JUL's own shutdown hook calls {@link LogManager#reset()}, which removes every handler, and the JVM runs
 * it at the same moment as the application's hook: what the graceful leave logs (the container closing, the
 * local member LEFT, Weld's warnings) would be lost or not at random. Here {@code reset()} only flushes. Since
 * Java 9, JUL's own (re)configuration does not go through {@code reset()}, so only an explicit call, which a
 * plain application does not make, is changed.
 *
 * <p>Used when named by {@code java.util.logging.manager} before JUL starts: {@link Main} sets it first thing,
 * or {@code -Djava.util.logging.manager=io.gossamer.example.se.ShutdownSafeLogManager}.
 */
public final class ShutdownSafeLogManager extends LogManager {

    @Override
    public void reset() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }
}
