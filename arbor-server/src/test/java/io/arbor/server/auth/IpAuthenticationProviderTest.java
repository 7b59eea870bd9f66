package io.arbor.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Id;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAuthenticationProviderTest {

    private final IpAuthenticationProvider ip = new IpAuthenticationProvider();

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        // IPv4
        "10.1.2.3,     10.1.2.3,        true",
        "10.1.2.3,     10.1.2.4,        false",
        "10.1.2.3,     10.1.2.3/32,     true",
        "10.1.2.3,     10.1.2.4/32,     false",
        "10.1.2.3,     10.0.0.0/8,      true",
        "11.1.2.3,     10.0.0.0/8,      false",
        "10.1.2.3,     10.1.2.0/24,     true",
        "10.1.3.3,     10.1.2.0/24,     false",
        "10.1.2.3,     10.1.2.2/31,     true",
        "10.1.2.4,     10.1.2.2/31,     false",
        "192.168.9.9,  0.0.0.0/0,       true",
        "192.168.9.9,  10.0.0.0/0,      true",
        // IPv6
        "2001:db8::1,               2001:db8::1,          true",
        "2001:db8:0:0:0:0:0:1,      2001:db8::1/128,      true",
        "2001:db8::2,               2001:db8::1/128,      false",
        "2001:db8:1:2::5,           2001:db8::/32,        true",
        "2001:db9::5,               2001:db8::/32,        false",
        "2001:db8:0:0:8000::1,      2001:db8::/65,        false",
        "2001:db8:0:0:7fff::1,      2001:db8::/65,        true",
        "2001:db8::ff,              2001:db8::80/121,     true",
        "2001:db8::7f,              2001:db8::80/121,     false",
        "fe80::1,                   ::/0,                 true",
        "0:0:0:0:0:0:0:1,           ::1,                  true",
        "fe80:0:0:0:0:0:0:1%eth0,   fe80::/10,            true",
        "::ffff:10.1.2.3,           10.1.2.3,             true",
        "10.1.2.3,                  ::ffff:10.0.0.0/104,  true",
        "2001:db8::1,               2001:DB8::1,          true",
        // families never match each other, not even with /0
        "10.1.2.3,                  ::/0,                 false",
        "::1,                       0.0.0.0/0,            false",
        // garbage never matches
        "10.1.2.3,                  10.1.2.300,           false",
        "10.1.2.3,                  10.1.2.3/33,          false",
        "not-an-ip,                 0.0.0.0/0,            false",
    })
    void matchesMasksBothAddresses(String conn, String acl, boolean expected) {
        assertThat(ip.matches(conn, acl)).isEqualTo(expected);
        // second call is served from the parse cache and must agree
        assertThat(ip.matches(conn, acl)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32",
        "::", "::1", "::/0", "2001:db8::/32", "1:2:3:4:5:6:7:8/128", "1::", "::ffff:1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4", "fe80::1/64",
    })
    void validAclIds(String id) {
        assertThat(ip.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "localhost", "example.com", "10.0.0", "10.0.0.1.2", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/-1",
        "10.0.0.1/", "10.0.0.1/+8", "10..0.1", "::/129", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "12345::",
        "1:2:3:4:5:6:7", ":1::", "1::2:", "fe80::1%eth0", "::g", "1.2.3.4::", "10.0.0.1/8/8",
        "\u0661\u0660.0.0.1",
    })
    void invalidAclIds(String id) {
        assertThat(ip.isValid(id)).isFalse();
    }

    @Test
    void connectionsHoldTheirAddressAndIpIsNotAnAuthenticatedScheme() throws Exception {
        var remote = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 5555);
        assertThat(IpAuthenticationProvider.connectionId(remote)).isEqualTo(new Id("ip", "10.0.0.7"));
        assertThat(ip.authenticate(remote, new byte[0])).isEqualTo(AuthResult.success(new Id("ip", "10.0.0.7")));
        assertThat(ip.authenticate(InetSocketAddress.createUnresolved("nowhere.invalid", 1), null).ok()).isFalse();
        assertThat(ip.isAuthenticated()).isFalse();

        var v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5555);
        Id v6Id = IpAuthenticationProvider.connectionId(v6);
        assertThat(ip.matches(v6Id.id(), "::1/128")).isTrue();
    }
}
