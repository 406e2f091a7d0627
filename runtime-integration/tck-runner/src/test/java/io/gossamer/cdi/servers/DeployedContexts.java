package io.gossamer.cdi.servers;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Where each deployment answers HTTP, noted as it is deployed. A test that deploys through
 * Arquillian's {@code Deployer} ({@code managed = false}) cannot have the URL injected, because
 * the deployment does not exist when the test starts; it reads it here after
 * {@code deployer.deploy(name)}. The URL is the one Arquillian itself would inject: the
 * application's context root as the server reported it.
 */
public final class DeployedContexts {

    private static final Map<String, URI> CONTEXTS = new ConcurrentHashMap<>();

    @Inject
    private Instance<ProtocolMetaData> metaData;

    /** Arquillian observer: records the deployment's context root once it is deployed. */
    public void afterDeploy(@Observes AfterDeploy event) {
        ProtocolMetaData md = metaData.get();
        if (md == null) {
            return;
        }
        for (HTTPContext http : md.getContexts(HTTPContext.class)) {
            URI uri = http.getServlets().stream().findFirst().map(Servlet::getBaseURI)
                    .orElse(URI.create(http.getScheme() + "://" + http.getHost() + ":" + http.getPort() + "/"));
            CONTEXTS.put(event.getDeployment().getName(), uri);
            return;
        }
    }

    /** The context root of the deployment of that name, as last deployed. */
    public static Optional<URI> of(String deployment) {
        return Optional.ofNullable(CONTEXTS.get(deployment));
    }
}
