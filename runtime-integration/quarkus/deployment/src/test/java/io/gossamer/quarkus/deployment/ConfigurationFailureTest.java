package io.gossamer.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/** A bad configuration fails the application's start, naming the key, the value and what is allowed. */
class ConfigurationFailureTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("gossamer.cluster", "quarkus-bad")
            .overrideConfigKey("gossamer.bind-address", "127.0.0.1")
            .overrideConfigKey("gossamer.bind-prot", "7000")
            .overrideConfigKey("gossamer.role", "Server")
            .assertException(e -> {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(root.getMessage())
                        .contains("gossamer.bind-prot='7000' is not a Gossamer key: did you mean gossamer.bind-port?")
                        .contains("gossamer.role")
                        .contains("in lower case (server)");
            });

    @Test
    void theApplicationDoesNotStart() {
        fail("the application started with a misspelt key and a role in the wrong case");
    }
}
