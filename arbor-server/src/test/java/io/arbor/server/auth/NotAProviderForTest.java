package io.arbor.server.auth;

/** A loadable class that does not implement {@link AuthenticationProvider}. */
public class NotAProviderForTest {}
