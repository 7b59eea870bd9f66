package io.arbor.bench;

import io.arbor.bench.workload.ChildrenWorkload;
import io.arbor.bench.workload.CreateWorkload;
import io.arbor.bench.workload.GetDataWorkload;
import io.arbor.bench.workload.IdleSessionsWorkload;
import io.arbor.bench.workload.MixedWorkload;
import io.arbor.bench.workload.RestartWorkload;
import io.arbor.bench.workload.SessionChurnWorkload;
import io.arbor.bench.workload.SetDataWorkload;
import io.arbor.bench.workload.WatchFanoutWorkload;
import io.arbor.bench.workload.ZnodeMemoryWorkload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Every workload the bench knows, in the order they run. */
public final class Workloads {
    private Workloads() {
    }

    /** New instances of all workloads, in run order. */
    public static List<Workload> all() {
        return List.of(new CreateWorkload(), new SetDataWorkload(), new GetDataWorkload(), new MixedWorkload(),
                new ChildrenWorkload(), new WatchFanoutWorkload(), new SessionChurnWorkload(),
                new IdleSessionsWorkload(), new ZnodeMemoryWorkload(), new RestartWorkload());
    }

    public static List<String> names() {
        return all().stream().map(Workload::name).toList();
    }

    /**
     * What an ensemble comparison runs unless told otherwise: the writes, the reads and their mix. Watch fan-out and
     * session churn run on an ensemble too, when named.
     */
    public static List<Workload> ensembleDefaults() {
        List<String> names = List.of("create", "set", "get", "mix", "children");
        return all().stream().filter(w -> names.contains(w.name())).toList();
    }

    /** The workloads named in a comma-separated list, in run order; an unknown name is an error. */
    public static List<Workload> parse(String csv) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : csv.split(",")) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                wanted.add(name);
            }
        }
        List<String> known = names();
        List<String> unknown = wanted.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown workload(s) " + unknown + "; known: "
                    + String.join(",", known));
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no workload named; known: " + String.join(",", known));
        }
        return all().stream().filter(w -> wanted.contains(w.name())).collect(Collectors.toList());
    }

    /**
     * The workloads cut into groups that share one server run: a workload that continues from the one before it
     * joins that one's group, every other workload is a group of its own.
     */
    public static List<List<Workload>> groups(List<Workload> workloads) {
        List<List<Workload>> groups = new ArrayList<>();
        for (Workload w : workloads) {
            List<Workload> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && w.continuesFrom() != null
                    && w.continuesFrom().equals(last.get(last.size() - 1).name())) {
                last.add(w);
            } else {
                groups.add(new ArrayList<>(List.of(w)));
            }
        }
        return groups;
    }
}
