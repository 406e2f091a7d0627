package io.gossamer.tck.arquillian;

import org.jboss.arquillian.container.test.spi.client.deployment.AuxiliaryArchiveAppender;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * The TCK's own Arquillian extension, found by Arquillian in this jar's
 * {@code META-INF/services}: it adds the TCK's support classes to every deployment.
 */
public final class TckExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(AuxiliaryArchiveAppender.class, TckArchiveAppender.class);
    }
}
