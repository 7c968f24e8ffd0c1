package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A MariaDB primary and GTID replicas started in-process on free loopback ports, with an
 * application database and users, for the sample application and integration tests.
 * <pre class="code">
 * try (ReplicatedMariaDb db = ReplicatedMariaDb.builder().replicas(2).build().start()) {
 *     String url = db.primary().jdbcUrl();
 *     db.replica(0).stopReplicationSqlThread();
 * }
 * </pre>
 * <p>
 * Roles can change as an orchestrator (Orchestrator, MaxScale) would change them:
 * {@link #switchover(Node)} (planned), {@link #failover()} (the primary killed) and
 * {@link #rejoin(Node)} (the old primary back as a replica, or {@link #rebuild(Node)}
 * when it holds transactions that were lost). {@link #primary()} and {@link #replicas()}
 * follow the current roles; {@link #heal()} puts the first primary back in charge.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class ReplicatedMariaDb implements AutoCloseable {

	private final TopologySettings settings;

	private final TopologyLifecycle lifecycle;

	/**
	 * The node the last role change made the primary, {@code null} until one did.
	 */
	private volatile @Nullable Node primary;

	ReplicatedMariaDb(TopologySettings settings) {
		this.settings = settings;
		this.lifecycle = new TopologyLifecycle(settings, this::close);
	}

	/**
	 * Return a new builder with the defaults: two replicas, database {@code app}, user
	 * {@code app} with password {@code app-pass}.
	 * @return the builder
	 */
	public static ReplicatedMariaDbBuilder builder() {
		return new ReplicatedMariaDbBuilder();
	}

	/**
	 * Start all servers, set up replication, create the database and users, and wait
	 * until the replicas have caught up. A failed start stops whatever it started.
	 * @return this topology
	 */
	public synchronized ReplicatedMariaDb start() {
		this.lifecycle.start();
		return this;
	}

	/**
	 * Return the current primary: the first node until a {@link #switchover(Node)} or
	 * {@link #failover()} promotes another.
	 * @return the primary
	 */
	public Node primary() {
		List<Node> nodes = nodes();
		Node promoted = this.primary;
		return (promoted != null) ? promoted : nodes.get(0);
	}

	/**
	 * Return the nodes that are currently replicas, in start order. A
	 * {@link Node.Role#FORMER_PRIMARY} is not among them.
	 * @return the replicas
	 */
	public List<Node> replicas() {
		List<Node> replicas = new ArrayList<>();
		for (Node node : nodes()) {
			if (node.isReplica()) {
				replicas.add(node);
			}
		}
		return List.copyOf(replicas);
	}

	/**
	 * Return one replica.
	 * @param index the 0-based index: 0 is {@code replica-1}
	 * @return the replica
	 */
	public Node replica(int index) {
		List<Node> replicas = replicas();
		if (index < 0 || index >= replicas.size()) {
			throw new IndexOutOfBoundsException("No replica " + index + " among " + replicas.size());
		}
		return replicas.get(index);
	}

	/**
	 * Return all nodes in start order, whatever their current role: {@code primary},
	 * {@code replica-1}...
	 * @return the nodes
	 */
	public List<Node> nodes() {
		return this.lifecycle.nodes();
	}

	/**
	 * Return the application database.
	 * @return the database name
	 */
	public String database() {
		return this.settings.accounts().database();
	}

	/**
	 * Return the application user, which has all privileges on the database plus
	 * {@code SLAVE MONITOR}, {@code BINLOG MONITOR} and {@code PROCESS}.
	 * @return the user name
	 */
	public String username() {
		return this.settings.accounts().username();
	}

	/**
	 * Return the application user's password, shared by the user without monitor
	 * privileges.
	 * @return the password
	 */
	public String password() {
		return this.settings.accounts().password();
	}

	/**
	 * Return a user with all privileges on the database only, which cannot read the
	 * replication status.
	 * @return the user name, {@code app_nomonitor} by default
	 */
	public String noMonitorUsername() {
		return this.settings.accounts().noMonitorUsername();
	}

	/**
	 * Return the password of {@code root}, which can log in from 127.0.0.1.
	 * @return the password
	 */
	public String rootPassword() {
		return this.settings.accounts().rootPassword();
	}

	/**
	 * Return the directory holding the nodes' data directories and logs.
	 * @return the work directory
	 */
	public Path workDir() {
		return this.settings.workDir();
	}

	/**
	 * Wait until every running, unpaused replica whose replication SQL thread runs has
	 * applied everything the primary has written ({@code MASTER_GTID_WAIT} on the
	 * primary's {@code @@gtid_binlog_pos}).
	 * @param timeout how long to wait in all
	 * @throws EmbeddedMariaDbException when a replica does not catch up in time
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		requireStarted();
		ReplicaCatchUp.awaitAll(primary(), replicas(), timeout);
	}

	/**
	 * Undo injected faults: resume paused nodes, start stopped or killed ones, rejoin a
	 * {@link Node.Role#FORMER_PRIMARY} (rebuilt from the primary's binary log when it
	 * holds transactions that a failover lost), point every replica at the primary and
	 * restart its replication threads, switch the first primary back in when roles have
	 * changed, and wait until the replicas have caught up, so that one test's fault does
	 * not leak into the next.
	 */
	public synchronized void heal() {
		requireStarted();
		new TopologyHealer(this, roleChanges()).heal(this.settings.catchUpTimeout());
	}

	/**
	 * Hand the primary role to a replica, as an orchestrator's planned switchover does:
	 * make the primary read-only, wait until the replica has applied everything the
	 * primary wrote, promote it ({@code RESET SLAVE ALL}, {@code read_only=0}), point the
	 * other running replicas at it ({@code MASTER_USE_GTID=slave_pos}) and make the old
	 * primary its replica ({@code MASTER_USE_GTID=current_pos}). Writes in flight on the
	 * old primary fail with error 1290 from the first step on. A paused or stopped
	 * replica is pointed at the new primary by {@link #heal()}.
	 * @param replica the replica to promote, running and not paused
	 * @throws EmbeddedMariaDbException when the replica does not catch up in time; the
	 * old primary is then writable again and the roles are unchanged
	 */
	public synchronized void switchover(Node replica) {
		requireStarted();
		requireMember(replica);
		roleChanges().switchover(primary(), replica, replicas());
		this.primary = replica;
	}

	/**
	 * Replace a failed primary, as an orchestrator's unplanned failover does: kill the
	 * primary (SIGKILL, also when paused), promote the running replica that received the
	 * most of its transactions once it has applied them, and point the other running
	 * replicas at it ({@code MASTER_USE_GTID=slave_pos}). The old primary becomes a
	 * {@link Node.Role#FORMER_PRIMARY} until {@link #rejoin(Node)}. Transactions the old
	 * primary wrote but no replica received are lost, as with any asynchronous
	 * replication.
	 * @return the new primary
	 * @throws IllegalStateException when no replica is running and unpaused
	 */
	public synchronized Node failover() {
		requireStarted();
		Node chosen = roleChanges().failover(primary(), replicas());
		this.primary = chosen;
		return chosen;
	}

	/**
	 * Bring a primary replaced by {@link #failover()} back as a read-only replica of the
	 * current primary ({@code MASTER_USE_GTID=current_pos}), starting it first if needed,
	 * and wait until it has caught up.
	 * @param formerPrimary a node whose role is {@link Node.Role#FORMER_PRIMARY}
	 * @throws EmbeddedMariaDbException when it holds transactions the current primary
	 * lacks (written but never replicated before it died; {@link #heal()} rebuilds such a
	 * node), or does not catch up in time
	 */
	public synchronized void rejoin(Node formerPrimary) {
		requireStarted();
		requireMember(formerPrimary);
		roleChanges().rejoin(formerPrimary, primary());
	}

	/**
	 * Rebuild a primary replaced by {@link #failover()} that cannot {@link #rejoin(Node)}
	 * because it holds transactions the current primary lacks (written but never
	 * replicated before it died), as an operator rebuilds it from the new primary: its
	 * data directory is created anew, it starts read-only, replicates everything from the
	 * current primary's binary log, and this waits until it has caught up. The
	 * transactions only it held are gone.
	 * @param formerPrimary a node whose role is {@link Node.Role#FORMER_PRIMARY}
	 * @throws EmbeddedMariaDbException when it does not catch up in time
	 */
	public synchronized void rebuild(Node formerPrimary) {
		requireStarted();
		requireMember(formerPrimary);
		roleChanges().rebuild(formerPrimary, primary());
	}

	/**
	 * Stop all servers, aborting root connections in flight first and resuming paused
	 * servers. Safe to call more than once; also run by a JVM shutdown hook.
	 */
	@Override
	public synchronized void close() {
		this.lifecycle.close();
	}

	/**
	 * Return whether {@link #start()} succeeded and {@link #close()} has not been called.
	 * @return whether the topology is started
	 */
	public boolean isStarted() {
		return this.lifecycle.isStarted();
	}

	@Override
	public String toString() {
		return this.lifecycle.toString();
	}

	private RoleChanges roleChanges() {
		return new RoleChanges(this.settings.catchUpTimeout());
	}

	private void requireMember(Node node) {
		if (!nodes().contains(node)) {
			throw new IllegalArgumentException(node + " is not a node of " + this);
		}
	}

	private void requireStarted() {
		this.lifecycle.requireStarted();
	}

}
