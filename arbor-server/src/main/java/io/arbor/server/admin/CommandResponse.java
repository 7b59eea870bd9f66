package io.arbor.server.admin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an admin command answers: an HTTP status and a JSON object (to which the server adds {@code command}
 * and {@code error}, as ZooKeeper does), or a file streamed as is (the snapshot command) with extra headers.
 */
public record CommandResponse(int status, Map<String, Object> body, String error, Path file,
                              Map<String, String> headers) {
    public static CommandResponse ok(Map<String, Object> body) {
        return new CommandResponse(200, body, null, null, Map.of());
    }

    public static CommandResponse ok() {
        return ok(new LinkedHashMap<>());
    }

    public static CommandResponse error(int status, String error) {
        return new CommandResponse(status, new LinkedHashMap<>(), error, null, Map.of());
    }

    public static CommandResponse file(Path file, Map<String, String> headers) {
        return new CommandResponse(200, Map.of(), null, file, headers);
    }
}
