package io.gossamer.cdi.servers.helidon;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** The {@code helidon} container's properties in {@code arquillian.xml}. */
public final class HelidonConfiguration implements ContainerConfiguration {

    private String appsDir;
    private String host = "127.0.0.1";

    @Override
    public void validate() throws ConfigurationException {
        if (appsDir == null || appsDir.isBlank()) {
            throw new ConfigurationException("appsDir (where deployments are unpacked) is not set");
        }
    }

    /** Where each deployment is unpacked while it is deployed. */
    public String getAppsDir() {
        return appsDir;
    }

    /** Sets {@link #getAppsDir()}. */
    public void setAppsDir(String appsDir) {
        this.appsDir = appsDir;
    }

    /** The address Helidon's web server listens on. */
    public String getHost() {
        return host;
    }

    /** Sets {@link #getHost()}. */
    public void setHost(String host) {
        this.host = host;
    }
}
