package io.arbor.it.ensemble;

import io.arbor.it.TcpProxy;
import io.arbor.it.ensemble.PartitionSchedule.Fault;
import io.arbor.it.ensemble.PartitionSchedule.Mode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Applies a {@link PartitionSchedule} to a {@link PartitionedEnsemble} on time, and logs what it did when. */
final class PartitionNemesis implements AutoCloseable {
    private final PartitionedEnsemble ensemble;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "partition-nemesis");
        t.setDaemon(true);
        return t;
    });
    private final List<String> log = new CopyOnWriteArrayList<>();

    PartitionNemesis(PartitionedEnsemble ensemble) {
        this.ensemble = ensemble;
    }

    /** Schedules every fault and its healing, counted from now. */
    void run(List<Fault> plan) {
        for (Fault f : plan) {
            timer.schedule(() -> apply(f), f.atMillis(), TimeUnit.MILLISECONDS);
            timer.schedule(this::heal, f.healMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void apply(Fault f) {
        switch (f.kind()) {
            case ISOLATE -> isolate(f.a(), f.mode());
            case LINK -> link(f.a(), f.b(), f.mode());
            case CLIENTS -> clients(f.a(), f.mode());
            case ISOLATE_WITH_CLIENTS -> {
                isolate(f.a(), f.mode());
                clients(f.a(), f.mode());
            }
            case ISOLATE_AND_CLIENTS_OF_OTHER -> {
                isolate(f.a(), f.mode());
                clients(f.b(), f.mode());
            }
        }
        log.add(System.nanoTime() + " " + f);
    }

    private void isolate(long a, Mode mode) {
        for (long other : ensemble.ids()) {
            if (other != a) {
                link(a, other, mode);
            }
        }
    }

    private void link(long a, long b, Mode mode) {
        if (mode == Mode.CUT) {
            ensemble.cutLink(a, b);
        } else {
            ensemble.stallLink(a, b);
        }
    }

    private void clients(long a, Mode mode) {
        TcpProxy p = ensemble.clientProxy(a);
        if (mode == Mode.CUT) {
            p.cut();
        } else {
            p.stall();
        }
    }

    private void heal() {
        ensemble.healAll();
        log.add(System.nanoTime() + " healed");
    }

    /** What was done, each line starting with its System.nanoTime. */
    List<String> log() {
        return log;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ensemble.healAll();
    }
}
