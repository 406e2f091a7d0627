package io.gossamer.tck.arquillian;

import io.gossamer.tck.spi.Peers;
import io.gossamer.tck.support.EventLog;

import org.jboss.arquillian.container.test.spi.client.deployment.AuxiliaryArchiveAppender;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/**
 * Adds the classes TCK tests use inside the container (the SPI and the support package) as a
 * library of every deployment. It has no {@code beans.xml} and no bean-defining annotations, so it
 * adds no beans; the scenarios' beans ({@code io.gossamer.tck.deployment}) are added by each
 * deployment itself, never twice.
 */
public final class TckArchiveAppender implements AuxiliaryArchiveAppender {

    @Override
    public Archive<?> createAuxiliaryArchive() {
        return ShrinkWrap.create(JavaArchive.class, "gossamer-tck-support.jar")
                .addPackage(Peers.class.getPackage())
                .addPackage(EventLog.class.getPackage());
    }
}
