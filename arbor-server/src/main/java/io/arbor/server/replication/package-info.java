/**
 * Replication of the txn stream on Apache Ratis, for ensembles (issue 7; being built in steps).
 *
 * <p>The plan, as the seeds' leader chain maps onto Raft: PREPARE runs on the leader only and turns each write
 * into a txn exactly as it does standalone; the txn, not the request, is what enters the Raft log
 * ({@link io.arbor.server.replication.RaftNode#submit}); Ratis replicates it to a majority; and every server's
 * {@link io.arbor.server.replication.TxnStateMachine} hands committed txns to its own APPLY in log order, so
 * every tree goes through the same txns in the same order, as ZooKeeper's followers apply the leader's
 * proposals. Ratis's log and its fsync take the place of the standalone txn log.
 *
 * <p>Ports: of ZooKeeper's two peer ports ({@code server.N=host:quorumPort:electionPort}), Ratis listens on the
 * quorum port; Raft's leader election needs no port of its own. Peer ids are {@code s<N>}, and the Raft group
 * id is derived from a fixed name, so that every server of an ensemble names the same group.
 */
package io.arbor.server.replication;
