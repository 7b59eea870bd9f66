package io.arbor.client;

/** What the client does for a node beyond creating it. */
public enum CreateOption {
    /**
     * For a plain EPHEMERAL node: when the session expires, create it again in the new session, with the same path,
     * data and ACL (until the client deletes it). The listeners hear what was recreated.
     */
    RECREATE_ON_EXPIRY
}
