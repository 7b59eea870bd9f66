package io.arbor.it.ensemble;

/**
 * Sequential creates under one parent that nothing deletes from: each create takes the parent's next sequence
 * number (its cversion), so the numbers are 0, 1, 2, ... in the order the creates take effect. Every operation
 * given to the checker has its number (known from the answer, or found by its data once the test is over); a
 * create that never took effect is left out.
 */
final class SequenceModel implements Linearizability.Model<Integer, String, Integer> {
    @Override
    public Integer init() {
        return 0;
    }

    @Override
    public Integer step(Integer next, String tag, Integer number) {
        return number != null && number == next.intValue() ? next + 1 : null;
    }
}
