package io.arbor.cli.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's words split into options and positional arguments. As in zkCli (commons-cli), options may come
 * before or after the positional arguments ({@code deleteall /a -b 10}); a lone {@code -} is a positional argument.
 */
final class Args {
    private final Map<Character, String> options;
    private final List<String> positional;

    private Args(Map<Character, String> options, List<String> positional) {
        this.options = options;
        this.positional = positional;
    }

    /**
     * Parses {@code words} (the command name excluded). {@code flags} are the options without a value,
     * {@code valued} those that take the next word as their value.
     */
    static Args parse(List<String> words, String flags, String valued) throws CliFailure {
        Map<Character, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.length() < 2 || w.charAt(0) != '-' || isNumber(w)) {
                positional.add(w);
                continue;
            }
            String name = w.substring(1);
            if (name.length() == 1 && flags.indexOf(name.charAt(0)) >= 0) {
                options.put(name.charAt(0), "");
            } else if (name.length() == 1 && valued.indexOf(name.charAt(0)) >= 0) {
                if (i + 1 >= words.size()) {
                    throw CliFailure.of("Missing argument for option: " + name);
                }
                options.put(name.charAt(0), words.get(++i));
            } else {
                throw CliFailure.of("Unrecognized option: " + w);
            }
        }
        return new Args(options, positional);
    }

    /** A negative number is data or a version, not an option (as commons-cli takes it). */
    private static boolean isNumber(String w) {
        try {
            Double.parseDouble(w);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean has(char option) {
        return options.containsKey(option);
    }

    String value(char option) {
        return options.get(option);
    }

    /** The n-th positional argument (0 is the first after the command name), or null. */
    String at(int n) {
        return n < positional.size() ? positional.get(n) : null;
    }

    int count() {
        return positional.size();
    }
}
