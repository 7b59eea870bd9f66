package io.arbor.cli.shell;

/** What a one-shot command printed on stdout and stderr, and its exit status. */
record Outcome(String out, String err, int exit) {
    /** With times, zxids and session ids replaced by placeholders, for comparing the Arbor shell with zkCli. */
    Outcome normalised() {
        return new Outcome(Normalise.text(out), Normalise.text(err), exit);
    }
}
