package io.arbor.server.fourlw;

import io.arbor.server.ServerContext;

/** The four-letter words that report on the server's state in detail. */
final class FourLetterReports {
    private FourLetterReports() {}

    static String run(String cmd, ServerContext server) {
        return cmd + " is not implemented yet by Arbor\n";
    }
}
