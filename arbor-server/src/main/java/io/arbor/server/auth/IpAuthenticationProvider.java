package io.arbor.server.auth;

import io.arbor.protocol.Id;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ip} scheme. Every connection automatically holds {@code ip:<remote address>} (see
 * {@link #connectionId}); ACL ids are {@code addr} or {@code addr/bits}, IPv4 or IPv6, and match a
 * connection when both addresses agree on their first {@code bits} bits (all bits if omitted).
 *
 * <p>Addresses are parsed here as literals only; no name is ever resolved. IPv4 is a dotted quad;
 * IPv6 accepts {@code ::} compression and a trailing dotted quad. An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is treated as the IPv4 address, with {@code bits - 96} bits when a prefix of
 * at least 96 bits is given. A {@code %zone} suffix is ignored on connection ids and rejected in ACL
 * ids. An IPv4 ACL never matches an IPv6 connection and vice versa.
 *
 * <p>Parsed addresses are cached, so {@link #matches} does not allocate once both ids have been seen.
 */
public final class IpAuthenticationProvider implements AuthenticationProvider {

    /** Bound on the parse cache; it is simply cleared when exceeded. */
    private static final int CACHE_LIMIT = 4096;

    private final ConcurrentHashMap<String, Cidr> cache = new ConcurrentHashMap<>();

    public IpAuthenticationProvider() {}

    /**
     * The id every connection from {@code remote} holds: {@code ip:<address literal>}, or null when
     * the address is unresolved.
     */
    public static Id connectionId(InetSocketAddress remote) {
        if (remote == null) {
            return null;
        }
        InetAddress address = remote.getAddress();
        return address == null ? null : new Id(Schemes.IP, address.getHostAddress());
    }

    @Override
    public String scheme() {
        return Schemes.IP;
    }

    /** An explicit {@code auth} packet for {@code ip} just (re)adds the remote address id; data is ignored. */
    @Override
    public AuthResult authenticate(InetSocketAddress remote, byte[] credentials) {
        Id id = connectionId(remote);
        return id == null ? AuthResult.failure("remote address is unresolved") : AuthResult.success(id);
    }

    @Override
    public boolean matches(String connectionId, String aclId) {
        if (connectionId == null || aclId == null) {
            return false;
        }
        Cidr acl = parse(aclId);
        Cidr conn = parse(connectionId);
        if (acl.family == 0 || conn.family != acl.family || conn.hasPrefix) {
            return false;
        }
        return ((conn.hi ^ acl.hi) & acl.hiMask) == 0 && ((conn.lo ^ acl.lo) & acl.loMask) == 0;
    }

    @Override
    public boolean isAuthenticated() {
        return false;
    }

    @Override
    public boolean isValid(String aclId) {
        if (aclId == null) {
            return false;
        }
        Cidr c = parse(aclId);
        return c.family != 0 && !c.zoned;
    }

    private Cidr parse(String s) {
        Cidr c = cache.get(s);
        if (c == null) {
            c = Cidr.parse(s);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(s, c);
        }
        return c;
    }

    /**
     * A parsed {@code addr[/bits]}: IPv4 sits in the low 32 bits of {@code lo}; IPv6 is {@code hi:lo}.
     * The masks keep the first {@code bits} bits. {@code family} is 0 for unparseable text.
     */
    static final class Cidr {
        static final Cidr INVALID = new Cidr(0, 0, 0, 0, false, false);

        final int family;
        final long hi;
        final long lo;
        final long hiMask;
        final long loMask;
        final int bits;
        final boolean hasPrefix;
        final boolean zoned;

        private Cidr(int family, long hi, long lo, int bits, boolean hasPrefix, boolean zoned) {
            this.family = family;
            this.hi = hi;
            this.lo = lo;
            this.bits = bits;
            this.hasPrefix = hasPrefix;
            this.zoned = zoned;
            if (family == 4) {
                this.hiMask = 0;
                this.loMask = bits == 0 ? 0 : (-1L << (32 - bits)) & 0xFFFF_FFFFL;
            } else {
                this.hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
                this.loMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
            }
        }

        static Cidr parse(String s) {
            int end = s.length();
            int bits = -1;
            int slash = s.indexOf('/');
            if (slash >= 0) {
                bits = parseDecimal(s, slash + 1, end, 3);
                if (bits < 0) {
                    return INVALID;
                }
                end = slash;
            }
            boolean zoned = false;
            int percent = s.indexOf('%');
            if (percent >= 0 && percent < end) {
                if (percent == end - 1) {
                    return INVALID;
                }
                zoned = true;
                end = percent;
            }
            if (s.indexOf(':') < 0) {
                if (zoned) {
                    return INVALID;
                }
                long v4 = parseIpv4(s, 0, end);
                if (v4 < 0 || bits > 32) {
                    return INVALID;
                }
                return new Cidr(4, 0, v4, bits < 0 ? 32 : bits, slash >= 0, false);
            }
            long[] v6 = parseIpv6(s, end);
            if (v6 == null || bits > 128) {
                return INVALID;
            }
            long hi = v6[0];
            long lo = v6[1];
            int prefix = bits < 0 ? 128 : bits;
            if (hi == 0 && (lo >>> 32) == 0xFFFFL && prefix >= 96) {
                return new Cidr(4, 0, lo & 0xFFFF_FFFFL, prefix - 96, slash >= 0, zoned);
            }
            return new Cidr(6, hi, lo, prefix, slash >= 0, zoned);
        }

        /** Decimal digits only (no sign), at most {@code maxDigits}; -1 if malformed. */
        private static int parseDecimal(String s, int from, int to, int maxDigits) {
            if (from >= to || to - from > maxDigits) {
                return -1;
            }
            int v = 0;
            for (int i = from; i < to; i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    return -1;
                }
                v = v * 10 + (ch - '0');
            }
            return v;
        }

        /** A dotted quad in {@code s[from, to)} as an unsigned 32-bit value, or -1. */
        private static long parseIpv4(String s, int from, int to) {
            long v = 0;
            int start = from;
            for (int part = 0; part < 4; part++) {
                int dot = part < 3 ? s.indexOf('.', start) : to;
                if (dot < 0 || dot > to) {
                    return -1;
                }
                int octet = parseDecimal(s, start, dot, 3);
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                v = (v << 8) | octet;
                start = dot + 1;
            }
            return v;
        }

        /** An IPv6 literal in {@code s[0, end)} as {hi, lo}, or null. */
        private static long[] parseIpv6(String s, int end) {
            int[] groups = new int[8];
            int gap = s.indexOf("::");
            if (gap >= end) {
                gap = -1;
            }
            int head;
            int tail;
            if (gap < 0) {
                head = parseGroups(s, 0, end, groups, 0, true);
                if (head != 8) {
                    return null;
                }
            } else {
                if (s.indexOf("::", gap + 1) >= 0 && s.indexOf("::", gap + 1) < end) {
                    return null;
                }
                int[] tailGroups = new int[8];
                head = gap == 0 ? 0 : parseGroups(s, 0, gap, groups, 0, false);
                tail = gap + 2 == end ? 0 : parseGroups(s, gap + 2, end, tailGroups, 0, true);
                if (head < 0 || tail < 0 || head + tail > 7) {
                    return null;
                }
                System.arraycopy(tailGroups, 0, groups, 8 - tail, tail);
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 4; i++) {
                hi = (hi << 16) | groups[i];
                lo = (lo << 16) | groups[i + 4];
            }
            return new long[] {hi, lo};
        }

        /** ASCII hex digits only (Character.digit would accept other Unicode digits). */
        private static int hexDigit(char ch) {
            if (ch >= '0' && ch <= '9') {
                return ch - '0';
            }
            if (ch >= 'a' && ch <= 'f') {
                return ch - 'a' + 10;
            }
            if (ch >= 'A' && ch <= 'F') {
                return ch - 'A' + 10;
            }
            return -1;
        }

        /**
         * Colon-separated hex groups in {@code s[from, to)} into {@code out}; the last group may be a
         * dotted quad (two groups) when {@code allowIpv4Tail}. Returns the group count or -1.
         */
        private static int parseGroups(String s, int from, int to, int[] out, int pos, boolean allowIpv4Tail) {
            int start = from;
            while (true) {
                int colon = s.indexOf(':', start);
                int stop = colon < 0 || colon > to ? to : colon;
                if (stop == start) {
                    return -1;
                }
                if (stop == to && allowIpv4Tail && s.lastIndexOf('.', to - 1) >= start) {
                    long v4 = parseIpv4(s, start, to);
                    if (v4 < 0 || pos + 2 > out.length) {
                        return -1;
                    }
                    out[pos++] = (int) (v4 >>> 16);
                    out[pos++] = (int) (v4 & 0xFFFF);
                    return pos;
                }
                if (stop - start > 4 || pos >= out.length) {
                    return -1;
                }
                int v = 0;
                for (int i = start; i < stop; i++) {
                    int d = hexDigit(s.charAt(i));
                    if (d < 0) {
                        return -1;
                    }
                    v = (v << 4) | d;
                }
                out[pos++] = v;
                if (stop == to) {
                    return pos;
                }
                start = stop + 1;
            }
        }
    }
}
