package io.arbor.cli.shell;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: the first word among the command names; a word starting with {@code /} among the children of its
 * parent as the server lists them now ({@code /zoo} lists {@code /} and offers {@code /zookeeper}).
 */
final class ZnodeCompleter implements Completer {
    /** A completion that waits longer than this is dropped: a slow server must not freeze the prompt. */
    private static final long LIST_TIMEOUT_MS = 2000;

    private final Shell shell;

    ZnodeCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            shell.commandNames().forEach(name -> candidates.add(new Candidate(name)));
            return;
        }
        String word = line.word().substring(0, line.wordCursor());
        if (!word.startsWith("/") || !shell.connection().alive()) {
            return;
        }
        int slash = word.lastIndexOf('/');
        String parent = slash == 0 ? "/" : word.substring(0, slash);
        List<String> children;
        try {
            children = shell.connection().client().getChildrenAsync(parent).get(LIST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            return; // no such parent, no permission, no connection: nothing to offer
        }
        String base = parent.equals("/") ? "/" : parent + "/";
        for (String child : children) {
            // not "complete": no space is added, so the path can go on with '/'
            candidates.add(new Candidate(base + child, child, null, null, null, null, false));
        }
    }
}
