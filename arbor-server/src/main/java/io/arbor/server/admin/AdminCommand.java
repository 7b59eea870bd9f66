package io.arbor.server.admin;

import java.util.List;
import java.util.function.Function;

/**
 * One command of the admin API: its primary name (what {@code /commands} lists), its aliases (the four-letter
 * words among them), whether the caller must authenticate, and what it does.
 */
public record AdminCommand(String name, List<String> aliases, boolean needsAuth,
                           Function<CommandRequest, CommandResponse> body) {
}
