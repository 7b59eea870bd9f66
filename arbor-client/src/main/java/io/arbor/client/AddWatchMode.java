package io.arbor.client;

/** The modes of addWatch, with their wire codes. */
public enum AddWatchMode {
    PERSISTENT(0), PERSISTENT_RECURSIVE(1);

    final int code;

    AddWatchMode(int code) {
        this.code = code;
    }
}
