package io.arbor.server.auth;

import io.arbor.protocol.Id;
import java.util.List;
import java.util.Objects;

/**
 * Outcome of {@link AuthenticationProvider#authenticate}: either the ids to add to the connection,
 * or a failure (which the server answers with {@code AUTH_FAILED} and then closes the connection).
 */
public sealed interface AuthResult permits AuthResult.Success, AuthResult.Failure {

    /** Whether the authentication succeeded. */
    boolean ok();

    /**
     * Authentication succeeded; {@code ids} are added to the connection's ids (in order). The list
     * may hold ids of other schemes (the digest provider adds {@code super:""} for the super user)
     * and may be empty (the credentials were accepted but grant no identity).
     */
    record Success(List<Id> ids) implements AuthResult {
        public Success {
            ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
        }

        @Override
        public boolean ok() {
            return true;
        }
    }

    /** Authentication failed; {@code reason} is for the server log only and is never sent to the client. */
    record Failure(String reason) implements AuthResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean ok() {
            return false;
        }
    }

    static AuthResult success(Id id) {
        return new Success(List.of(id));
    }

    static AuthResult success(List<Id> ids) {
        return new Success(ids);
    }

    static AuthResult failure(String reason) {
        return new Failure(reason);
    }
}
