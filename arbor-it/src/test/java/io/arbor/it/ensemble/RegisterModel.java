package io.arbor.it.ensemble;

/**
 * One znode as a register: its data and its version. setData with an expected version is a compare-and-set on
 * the version (-1: any version); getData reads both. The sequential specification the linearizability checker
 * holds a history of one znode to.
 */
final class RegisterModel implements Linearizability.Model<RegisterModel.State, RegisterModel.Input,
        RegisterModel.Output> {
    record State(int version, String value) {
        @Override
        public String toString() {
            return "v" + version + "=" + value;
        }
    }

    sealed interface Input permits Write, Read {}

    /** setData(value, expectedVersion). */
    record Write(int expectedVersion, String value) implements Input {
        @Override
        public String toString() {
            return "set(" + value + ", expect v" + expectedVersion + ")";
        }
    }

    /** getData. */
    record Read() implements Input {
        @Override
        public String toString() {
            return "get";
        }
    }

    sealed interface Output permits Written, BadVersion, ReadValue {}

    /** setData's Stat: the version it made. */
    record Written(int version) implements Output {
        @Override
        public String toString() {
            return "ok v" + version;
        }
    }

    /** setData failed: the version was not the expected one. */
    record BadVersion() implements Output {
        @Override
        public String toString() {
            return "bad version";
        }
    }

    /** getData's data and Stat version. */
    record ReadValue(int version, String value) implements Output {
        @Override
        public String toString() {
            return "v" + version + "=" + value;
        }
    }

    private final State initial;

    RegisterModel(State initial) {
        this.initial = initial;
    }

    @Override
    public State init() {
        return initial;
    }

    @Override
    public State step(State state, Input input, Output output) {
        if (input instanceof Write w) {
            boolean matches = w.expectedVersion() == -1 || w.expectedVersion() == state.version();
            if (output == null) {
                // answer lost: here it either takes effect or fails its version check; "never" is the end
                return matches ? new State(state.version() + 1, w.value()) : state;
            }
            if (output instanceof Written ok) {
                return matches && ok.version() == state.version() + 1 ? new State(ok.version(), w.value()) : null;
            }
            if (output instanceof BadVersion) {
                return matches ? null : state;
            }
            return null;
        }
        if (output == null) {
            return state; // a read without an answer says nothing
        }
        return output instanceof ReadValue r && r.version() == state.version() && r.value().equals(state.value())
                ? state : null;
    }
}
