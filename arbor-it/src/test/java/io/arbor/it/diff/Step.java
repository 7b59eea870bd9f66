package io.arbor.it.diff;

import org.apache.zookeeper.ZooKeeper;

/**
 * One operation of a script: what it is, which session slot runs it, and how to run it and render its
 * result through the target's normaliser. {@code arborOutcome} is null when Arbor must answer as ZooKeeper
 * does; otherwise it is the outcome Arbor documents for a case where it differs on purpose.
 */
record Step(String label, int slot, Call call, String arborOutcome) {

    Step(String label, int slot, Call call) {
        this(label, slot, call, null);
    }

    @FunctionalInterface
    interface Call {
        String run(ZooKeeper zk, Target target) throws Exception;
    }

    @Override
    public String toString() {
        return "[" + slot + "] " + label;
    }
}
