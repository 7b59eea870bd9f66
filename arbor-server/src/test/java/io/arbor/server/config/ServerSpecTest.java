package io.arbor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServerSpecTest {

    @Test
    void parsesEveryForm() {
        assertThat(ServerSpec.parse(1, "zk1:2888:3888"))
                .isEqualTo(new ServerSpec(1, "zk1", 2888, 3888, false, null, -1));
        assertThat(ServerSpec.parse(2, "zk2:2888:3888:participant"))
                .isEqualTo(new ServerSpec(2, "zk2", 2888, 3888, false, null, -1));
        assertThat(ServerSpec.parse(3, "zk3:2888:3888:OBSERVER"))
                .isEqualTo(new ServerSpec(3, "zk3", 2888, 3888, true, null, -1));
        assertThat(ServerSpec.parse(4, "zk4:2888:3888;2181"))
                .isEqualTo(new ServerSpec(4, "zk4", 2888, 3888, false, null, 2181));
        assertThat(ServerSpec.parse(5, " zk5 : 2888 : 3888 : observer ; 10.1.1.5 : 2181 "))
                .isEqualTo(new ServerSpec(5, "zk5", 2888, 3888, true, "10.1.1.5", 2181));
        assertThat(ServerSpec.parse(6, "[2001:db8::6]:2888:3888;[2001:db8::6]:2181"))
                .isEqualTo(new ServerSpec(6, "2001:db8::6", 2888, 3888, false, "2001:db8::6", 2181));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zk1:2888:3888:participant",
        "zk1:2888:3888:observer;2181",
        "zk1:2888:3888:participant;0.0.0.0:2181",
        "[::1]:2888:3888:observer;[::1]:2181"
    })
    void rendersBackToTheSameConfigValue(String value) {
        ServerSpec spec = ServerSpec.parse(1, value);
        assertThat(spec.toConfigValue()).isEqualTo(value);
        assertThat(ServerSpec.parse(1, spec.toConfigValue())).isEqualTo(spec);
    }

    @Test
    void rendersAnExplicitRole() {
        assertThat(ServerSpec.parse(1, "zk1:2888:3888").toConfigValue()).isEqualTo("zk1:2888:3888:participant");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                          | is empty; expected host:quorumPort:electionPort",
        "zk1                         | 'zk1' does not have the form",
        "zk1:2888:3888:observer:x    | 'zk1:2888:3888:observer:x' does not have the form",
        ":2888:3888                  | ':2888:3888': host is empty",
        "zk1:0:3888                  | 'zk1:0:3888': quorum port 0 is out of range 1-65535",
        "zk1:2888:-1                 | 'zk1:2888:-1': election port -1 is out of range 1-65535",
        "zk1:2888:3888;65536         | 'zk1:2888:3888;65536': client port 65536 is out of range 1-65535",
        "zk1:2888:3888;a:b:c         | 'zk1:2888:3888;a:b:c': the client part 'a:b:c' does not have the form",
        "[::1:2888:3888              | '[::1:2888:3888': missing ']' after the IPv6 address",
        "[::1]2888:3888              | '[::1]2888:3888': expected ':' after ']'",
        "zk1:2888:3888:voter         | 'zk1:2888:3888:voter': 'voter' is not a peer type (participant or observer)"
    })
    void rejectsMalformedValues(String value, String expectedStart) {
        assertThatThrownBy(() -> ServerSpec.parse(1, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @Test
    void constructorChecksItsInvariants() {
        assertThatThrownBy(() -> new ServerSpec(1, "zk1", 2888, 3888, false, "zk1", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a client host needs a client port");
        assertThatThrownBy(() -> new ServerSpec(-1, "zk1", 2888, 3888, false, null, -1))
                .hasMessage("server id -1 is negative");
        assertThatThrownBy(() -> new ServerSpec(1, "z k", 2888, 3888, false, null, -1))
                .hasMessage("host 'z k' contains whitespace");
    }
}
