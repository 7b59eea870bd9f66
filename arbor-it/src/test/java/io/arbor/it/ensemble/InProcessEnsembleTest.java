package io.arbor.it.ensemble;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What tests of an in-process ensemble share: a data directory, and the ensemble closed after each test. */
abstract class InProcessEnsembleTest {
    @TempDir
    Path dir;

    InProcessEnsemble ensemble;

    @AfterEach
    void stopEnsemble() {
        if (ensemble != null) {
            ensemble.close();
        }
    }
}
