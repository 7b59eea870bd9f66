package io.arbor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor log-dump FILE}: one txn log segment in readable form, one txn per line. */
@Command(name = "log-dump", mixinStandardHelpOptions = true,
        description = {"Print a txn log segment (a log.<zxid> file of dataLogDir/version-2), one txn per line:"
                + " zxid, time, session, cxid, type, path and a summary; then the count of txns and how the file"
                + " ends. Reads the file only, never changes it.",
                "Exit status: 0 when every record reads (a torn tail, which a crash leaves and the server cuts"
                + " off, included); 1 when the file is not an Arbor txn log or holds a corrupt record before"
                + " good data."})
final class LogDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A txn log segment file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long[] txns = {0};
        SegmentScanner.End end;
        try {
            end = new SegmentScanner(file).scan(
                    h -> out.println(file + ": Arbor txn log, format version " + h.version() + ", first zxid 0x"
                            + Long.toHexString(h.firstZxid())),
                    (offset, txn) -> {
                        txns[0]++;
                        TxnFormatter.lines(txn).forEach(out::println);
                    });
        } catch (SegmentScanner.NotALogException e) {
            out.flush();
            err.println("arbor log-dump: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.flush();
            err.println("arbor log-dump: cannot read " + file + ": " + e);
            return 1;
        }
        String count = txns[0] + (txns[0] == 1 ? " txn" : " txns");
        if (end instanceof SegmentScanner.Clean c) {
            out.println(count + "; ended cleanly at offset " + c.offset()
                    + (c.fileSize() > c.offset() ? " (zero padding to " + c.fileSize() + ")" : ""));
            return 0;
        }
        if (end instanceof SegmentScanner.TornTail t) {
            out.println(count + "; torn tail at offset " + t.offset() + " (" + t.problem() + ", then only zeros:"
                    + " a crash during a write; the server cuts it off when this is the newest segment)");
            return 0;
        }
        out.println(count + "; corrupt record at offset " + end.offset() + ": "
                + ((SegmentScanner.Corrupt) end).problem());
        out.flush();
        err.println("arbor log-dump: " + file + " is corrupt at byte offset " + end.offset()
                + "; the records after it are not shown");
        return 1;
    }
}
