package io.gossamer.swim.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.7", "0.0.0.0", "255.255.255.255", "127.0.0.1", "::", "::1", "fe80::1",
            "fe80::1%eth0", "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "1::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::"})
    void literalsAreAccepted(String host) throws Exception {
        assertThat(IpLiteral.valid(host)).isTrue();
        // and the JDK reads each as an address (a literal without a zone is never looked up)
        if (host.indexOf('%') < 0) {
            assertThat(InetAddress.getByName(host).getHostAddress()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "gossamer-hostile-probe.invalid", "127.0.0&1", "cafe", "dead.beef",
            "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4 ", "1:2:3:4:5:6:7:8:9", "1::2::3",
            ":1::", "1::2:", "12345::1", "fe80::1%", "fe80::1%eth 0", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3",
            "[::1]", "g::1"})
    void anythingElseIsRefused(String host) {
        assertThat(IpLiteral.valid(host)).isFalse();
    }

    /** The IPv4 check by hand says what the regular expression it replaced said, on strings made to be close calls. */
    @Test
    void ipv4ByHandAgreesWithTheRegularExpression() {
        Pattern regex = Pattern.compile(
                "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
        SplittableRandom random = new SplittableRandom(17);
        String alphabet = "0123456789.....25a:";
        int accepted = 0;
        for (int n = 0; n < 300_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(18);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = n % 2 == 0 ? sb.toString() : random.nextInt(300) + "." + random.nextInt(300) + "."
                    + (random.nextInt(10) == 0 ? "0" + random.nextInt(10) : random.nextInt(300)) + "."
                    + random.nextInt(1_000) + (random.nextInt(20) == 0 ? "." : "");
            boolean expected = regex.matcher(s).matches();
            assertThat(IpLiteral.ipv4(s)).as("'%s'", s).isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("accepted cases among the tries").isGreaterThan(10_000);
    }
}
