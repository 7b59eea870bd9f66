package io.arbor.it.diff;

import org.apache.zookeeper.ZooKeeper;

/**
 * One operation of a script: what it is, which session slot runs it, and how to run it and render its
 * result through the target's normaliser.
 */
record Step(String label, int slot, Call call) {

    @FunctionalInterface
    interface Call {
        String run(ZooKeeper zk, Target target) throws Exception;
    }

    @Override
    public String toString() {
        return "[" + slot + "] " + label;
    }
}
