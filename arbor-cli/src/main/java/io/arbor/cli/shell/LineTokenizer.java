package io.arbor.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words as zkCli does: runs of non-blank characters, or text between a pair of double or
 * single quotes (quotes dropped, so {@code create /a "two words"} gives data with a space). No escapes, as in zkCli.
 */
final class LineTokenizer {
    private LineTokenizer() {}

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                int close = line.indexOf(c, i + 1);
                if (close > 0) {
                    words.add(line.substring(i + 1, close));
                    i = close + 1;
                    continue;
                }
                i++; // an unpaired quote is skipped, as zkCli's pattern skips it
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            words.add(line.substring(i, end));
            i = end;
        }
        return words;
    }
}
