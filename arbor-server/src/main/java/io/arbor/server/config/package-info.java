/**
 * The server's configuration: a standard ZooKeeper {@code zoo.cfg} read by
 * {@link io.arbor.server.config.ConfigParser} into an immutable
 * {@link io.arbor.server.config.ServerConfig}, with ZooKeeper 3.9's defaults. Ensemble members
 * ({@code server.N} lines) are {@link io.arbor.server.config.ServerSpec}s. A value Arbor cannot
 * start with is a {@link io.arbor.server.config.ConfigException} naming file, line and key.
 */
package io.arbor.server.config;
