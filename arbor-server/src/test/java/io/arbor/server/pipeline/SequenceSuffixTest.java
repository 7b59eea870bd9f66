package io.arbor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sequential suffix is exactly what ZooKeeper's {@code String.format("%010d", cversion)} gives. */
class SequenceSuffixTest {
    @Test
    void matchesZooKeepersFormatAcrossTheRangeAndItsEdges() {
        int[] values = {0, 1, 9, 10, 99, 12345, 999_999_999, 1_000_000_000, Integer.MAX_VALUE, -1, -9, -10,
                -123456789, -999_999_999, -1_000_000_000, Integer.MIN_VALUE};
        for (int v : values) {
            assertThat(PrepareStage.sequenceSuffix(v)).as("cversion %d", v).isEqualTo(String.format("%010d", v));
        }
        for (int v = -100_000; v <= 100_000; v += 7) {
            assertThat(PrepareStage.sequenceSuffix(v)).isEqualTo(String.format("%010d", v));
        }
    }
}
