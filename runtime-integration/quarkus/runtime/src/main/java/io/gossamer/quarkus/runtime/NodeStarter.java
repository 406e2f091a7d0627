package io.gossamer.quarkus.runtime;

import io.gossamer.cdi.GossamerNode;

import io.quarkus.runtime.StartupEvent;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Starts the node when the Quarkus application starts. ArC fires
 * {@code @Initialized(ApplicationScoped.class)}, which starts the node elsewhere, while it is
 * being initialised, before the runtime configuration is read (in a native image, when the image
 * is built): the deployment module leaves that observer out, and this one takes its place.
 */
@Singleton
public class NodeStarter {

    /** Before the application's own observers, which may use {@code Membership} at once. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event, GossamerNode node) {
        node.start();
    }
}
