package io.arbor.server.admin;

import java.util.List;
import java.util.Map;

/** One call of an admin command: its query parameters and the HTTP Authorization header, if any. */
public record CommandRequest(Map<String, List<String>> parameters, String authorization) {
    /** The first value of a query parameter, or {@code fallback}. */
    public String parameter(String name, String fallback) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }
}
