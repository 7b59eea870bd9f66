package io.arbor.server;

import io.arbor.server.auth.AclChecker;
import io.arbor.server.auth.AuthProviders;
import io.arbor.server.config.ServerConfig;
import io.arbor.server.ensemble.Membership;
import io.arbor.server.network.RequestThrottle;
import io.arbor.server.network.ServerStats;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.ReadProcessor;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataTree;

/** The parts of a running server that its connections and operator commands use. */
public record ServerContext(ServerConfig config, DataTree tree, SessionTracker sessions, PrepareStage prepare,
                            ReadProcessor reads, AuthProviders authProviders, AclChecker acls, ServerStats stats,
                            ConnectionRegistry connections, RequestThrottle throttle,
                            Membership membership) {}
