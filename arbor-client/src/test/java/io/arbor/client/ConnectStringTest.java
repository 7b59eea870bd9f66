package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectStringTest {
    @Test
    void hostsPortsAndChroot() {
        ConnectString cs = ConnectString.parse("zk1:2182, zk2 ,10.0.0.3:3000/app/one");
        assertThat(cs.addresses()).containsExactly(
                InetSocketAddress.createUnresolved("zk1", 2182),
                InetSocketAddress.createUnresolved("zk2", 2181),
                InetSocketAddress.createUnresolved("10.0.0.3", 3000));
        assertThat(cs.chroot().root()).isEqualTo("/app/one");
        assertThat(cs.addresses()).allMatch(InetSocketAddress::isUnresolved);
    }

    @Test
    void ipv6InBrackets() {
        ConnectString cs = ConnectString.parse("[::1]:2190,[fe80::1]");
        assertThat(cs.addresses()).containsExactly(
                InetSocketAddress.createUnresolved("::1", 2190),
                InetSocketAddress.createUnresolved("fe80::1", 2181));
        assertThat(cs.chroot().isNone()).isTrue();
    }

    @Test
    void slashAloneIsNoChroot() {
        assertThat(ConnectString.parse("h:1/").chroot()).isEqualTo(Chroot.NONE);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ConnectString.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("/app")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("h:abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("h:0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("h:65536")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("::1:2181")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("[::1:2181")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectString.parse("h:1/app/")).hasMessageContaining("invalid chroot");
        assertThatThrownBy(() -> ConnectString.parse("h:1/app//x")).hasMessageContaining("invalid chroot");
        assertThatThrownBy(() -> ConnectString.parse("h:1/a/../b")).hasMessageContaining("invalid chroot");
    }
}
