package io.arbor.bench;

/** One number a workload measured on one server, and which direction of it is better. */
public record Measurement(String name, double value, Better better) {
    /** Which way a measurement is better; NONE for facts (counts) that are neither. */
    public enum Better {
        HIGHER("higher"), LOWER("lower"), NONE("");

        private final String word;

        Better(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public static Measurement higher(String name, double value) {
        return new Measurement(name, value, Better.HIGHER);
    }

    public static Measurement lower(String name, double value) {
        return new Measurement(name, value, Better.LOWER);
    }

    public static Measurement fact(String name, double value) {
        return new Measurement(name, value, Better.NONE);
    }
}
