package io.arbor.it.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded plan of network faults for an ensemble of servers 1..n: periods of some fault, each followed by a
 * period with every link healed so that the ensemble can make progress. The same seed gives the same plan.
 */
final class PartitionSchedule {
    /** How a fault breaks its links: dropping connections, or silently holding their bytes. */
    enum Mode { CUT, STALL }

    /** One kind of fault, on servers {@code a} and {@code b} (b unused by some). */
    enum Kind {
        /** a is cut off from every other server; its clients still reach it. */
        ISOLATE,
        /** only the link between a and b is broken; both still reach the others. */
        LINK,
        /** the clients cannot reach a. */
        CLIENTS,
        /** a is cut off from the other servers and from the clients. */
        ISOLATE_WITH_CLIENTS,
        /** a is cut off from the other servers, and the clients cannot reach b. */
        ISOLATE_AND_CLIENTS_OF_OTHER
    }

    /** Fault {@code kind} from {@code atMillis} after the start until {@code healMillis}. */
    record Fault(long atMillis, long healMillis, Kind kind, Mode mode, long a, long b) {
        @Override
        public String toString() {
            String what = switch (kind) {
                case ISOLATE -> "server " + a + " cut off from the other servers";
                case LINK -> "link " + a + "-" + b + " broken";
                case CLIENTS -> "clients cut off from server " + a;
                case ISOLATE_WITH_CLIENTS -> "server " + a + " cut off from the other servers and the clients";
                case ISOLATE_AND_CLIENTS_OF_OTHER -> "server " + a + " cut off from the other servers, clients from "
                        + "server " + b;
            };
            return String.format("%6d..%6d ms  %-5s %s", atMillis, healMillis, mode, what);
        }
    }

    private PartitionSchedule() {}

    /** Faults over {@code millis}, on servers 1..{@code servers}. */
    static List<Fault> plan(long seed, long millis, int servers) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        long t = 1_000 + random.nextInt(1_000);
        while (true) {
            long length = 1_000 + random.nextInt(3_500);
            if (t + length > millis) {
                return faults;
            }
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            Mode mode = random.nextBoolean() ? Mode.CUT : Mode.STALL;
            long a = 1 + random.nextInt(servers);
            long b = 1 + (a + random.nextInt(servers - 1)) % servers; // another server
            faults.add(new Fault(t, t + length, kind, mode, a, b));
            t += length + 1_000 + random.nextInt(1_500); // healed meanwhile
        }
    }
}
