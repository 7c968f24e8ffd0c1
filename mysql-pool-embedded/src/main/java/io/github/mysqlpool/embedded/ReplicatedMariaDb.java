package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(ReplicatedMariaDb.class);

	private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(30);

	private static final int PORT_ATTEMPTS = 3;

	private final int replicaCount;

	private final Accounts accounts;

	private final Path workDir;

	private final boolean deleteWorkDirOnClose;

	private final Path baseDir;

	private final @Nullable Path serverHome;

	private final Duration startTimeout;

	private final List<String> serverArguments;

	private final Map<String, List<String>> nodeArguments;

	private final boolean registerShutdownHook;

	private final boolean loopbackAddressPerNode;

	private final Thread shutdownHook = new Thread(this::close, "mysql-pool-embedded-shutdown");

	private volatile List<Node> nodes = List.of();

	private volatile @Nullable Node primary;

	private volatile State state = State.NEW;

	private boolean workDirClaimed;

	ReplicatedMariaDb(int replicaCount, Accounts accounts, Path workDir, boolean deleteWorkDirOnClose, Path baseDir,
			@Nullable Path serverHome, Duration startTimeout, List<String> serverArguments,
			Map<String, List<String>> nodeArguments, boolean registerShutdownHook, boolean loopbackAddressPerNode) {
		this.replicaCount = replicaCount;
		this.accounts = accounts;
		this.workDir = workDir;
		this.deleteWorkDirOnClose = deleteWorkDirOnClose;
		this.baseDir = baseDir;
		this.serverHome = serverHome;
		this.startTimeout = startTimeout;
		this.serverArguments = List.copyOf(serverArguments);
		Map<String, List<String>> copy = new LinkedHashMap<>();
		nodeArguments.forEach((name, arguments) -> copy.put(name, List.copyOf(arguments)));
		this.nodeArguments = Map.copyOf(copy);
		this.registerShutdownHook = registerShutdownHook;
		this.loopbackAddressPerNode = loopbackAddressPerNode;
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
		if (this.state != State.NEW) {
			throw new IllegalStateException("Already " + this.state.name().toLowerCase());
		}
		this.state = State.STARTED;
		long start = System.nanoTime();
		if (this.registerShutdownHook) {
			Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		}
		try {
			MariaDbInstallation installation = (this.serverHome != null)
					? MariaDbInstallation.prepareInstalled(this.serverHome, this.baseDir)
					: MariaDbInstallation.prepare(this.baseDir);
			WorkDirectory.claim(this.workDir, this.deleteWorkDirOnClose);
			this.workDirClaimed = true;
			this.nodes = createNodes(installation);
			this.primary = this.nodes.get(0);
			for (Node node : this.nodes) {
				node.prepare();
			}
			launchAll();
			for (Node replica : replicas()) {
				replica.replicateFrom(primary());
			}
			primary().executeAsRoot(
					"CREATE DATABASE IF NOT EXISTS `" + this.accounts.database() + "` CHARACTER SET utf8mb4");
			awaitReplicasCaughtUp(this.startTimeout);
			logger.info("Started MariaDB primary and {} replicas in {} ms: {}", this.replicaCount,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), this);
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Return the current primary: the first node until a {@link #switchover(Node)} or
	 * {@link #failover()} promotes another.
	 * @return the primary
	 */
	public Node primary() {
		nodes();
		return Objects.requireNonNull(this.primary);
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
		if (this.state == State.NEW) {
			throw new IllegalStateException("Not started");
		}
		return this.nodes;
	}

	/**
	 * Return the application database.
	 * @return the database name
	 */
	public String database() {
		return this.accounts.database();
	}

	/**
	 * Return the application user, which has all privileges on the database plus
	 * {@code SLAVE MONITOR}, {@code BINLOG MONITOR} and {@code PROCESS}.
	 * @return the user name
	 */
	public String username() {
		return this.accounts.username();
	}

	/**
	 * Return the application user's password, shared by the user without monitor
	 * privileges.
	 * @return the password
	 */
	public String password() {
		return this.accounts.password();
	}

	/**
	 * Return a user with all privileges on the database only, which cannot read the
	 * replication status.
	 * @return the user name, {@code app_nomonitor} by default
	 */
	public String noMonitorUsername() {
		return this.accounts.noMonitorUsername();
	}

	/**
	 * Return the password of {@code root}, which can log in from 127.0.0.1.
	 * @return the password
	 */
	public String rootPassword() {
		return this.accounts.rootPassword();
	}

	/**
	 * Return the directory holding the nodes' data directories and logs.
	 * @return the work directory
	 */
	public Path workDir() {
		return this.workDir;
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
		Node primary = primary();
		if (!primary.isRunning() || primary.isPaused()) {
			throw new IllegalStateException("The primary is not running");
		}
		String gtid = Objects.requireNonNullElse(primary.queryForString("SELECT @@gtid_binlog_pos"), "");
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Node replica : replicas()) {
			if (replica.isRunning() && !replica.isPaused() && isReplicating(replica.replicaStatus())) {
				Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				if (!replica.awaitGtid(gtid, remaining)) {
					throw new EmbeddedMariaDbException(replica.name() + " did not reach GTID " + gtid + " within "
							+ timeout.toMillis() + " ms: " + replica.replicationSummary());
				}
			}
		}
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
		List<Node> all = nodes();
		for (Node node : all) {
			if (node.isPaused()) {
				node.resume();
			}
		}
		for (Node node : all) {
			node.start();
		}
		Node current = primary();
		for (Node node : all) {
			if (node.role() == Node.Role.FORMER_PRIMARY) {
				String lost = roleChanges().divergence(node, current);
				if (lost != null) {
					logger.warn("{} holds transactions that {} lacks, rebuilding it from {}: {}", node.name(),
							current.name(), current.name(), lost);
					roleChanges().rebuild(node, current);
				}
				else {
					rejoin(node);
				}
			}
		}
		for (Node replica : replicas()) {
			Map<String, @Nullable String> status = replica.replicaStatus();
			if (!String.valueOf(current.port()).equals(status.get("Master_Port"))
					|| !current.host().equals(status.get("Master_Host"))) {
				replica.follow(current);
				status = replica.replicaStatus();
			}
			if (!isReplicating(status)) {
				replica.executeAsRoot("START SLAVE");
			}
		}
		if (current != all.get(0)) {
			switchover(all.get(0));
		}
		awaitReplicasCaughtUp(catchUpTimeout());
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
		if (!replica.isReplica()) {
			throw new IllegalStateException(replica.name() + " is not a replica but " + replica.role());
		}
		Node old = primary();
		requireReachable(old);
		requireReachable(replica);
		roleChanges().switchover(old, replica, replicas());
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
		Node old = primary();
		List<Node> candidates = new ArrayList<>();
		for (Node replica : replicas()) {
			if (replica.isRunning() && !replica.isPaused()) {
				candidates.add(replica);
			}
		}
		if (candidates.isEmpty()) {
			throw new IllegalStateException("No running replica to promote among " + replicas());
		}
		Node chosen = roleChanges().failover(old, candidates, replicas());
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
		if (formerPrimary.role() != Node.Role.FORMER_PRIMARY) {
			throw new IllegalStateException(
					formerPrimary.name() + " is not a former primary but " + formerPrimary.role());
		}
		if (formerPrimary.isPaused()) {
			formerPrimary.resume();
		}
		formerPrimary.start();
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
		if (formerPrimary.role() != Node.Role.FORMER_PRIMARY) {
			throw new IllegalStateException(
					formerPrimary.name() + " is not a former primary but " + formerPrimary.role());
		}
		roleChanges().rebuild(formerPrimary, primary());
	}

	/**
	 * Stop all servers, aborting root connections in flight first and resuming paused
	 * servers. Safe to call more than once; also run by a JVM shutdown hook.
	 */
	@Override
	public synchronized void close() {
		if (this.state != State.STARTED) {
			this.state = State.CLOSED;
			return;
		}
		this.state = State.CLOSED;
		long start = System.nanoTime();
		for (Node node : this.nodes) {
			node.close();
		}
		for (Node node : this.nodes) {
			node.awaitClosed();
		}
		if (this.workDirClaimed) {
			WorkDirectory.release(this.workDir, this.deleteWorkDirOnClose);
		}
		if (this.registerShutdownHook && Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down already
			}
		}
		if (!this.nodes.isEmpty()) {
			logger.info("Stopped MariaDB nodes in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
	}

	/**
	 * Return whether {@link #start()} succeeded and {@link #close()} has not been called.
	 * @return whether the topology is started
	 */
	public boolean isStarted() {
		return this.state == State.STARTED;
	}

	@Override
	public String toString() {
		List<Node> all = this.nodes;
		return all.stream().map(Node::toString).collect(Collectors.joining(", ", "ReplicatedMariaDb[", "]"));
	}

	private Duration catchUpTimeout() {
		return (HEAL_TIMEOUT.compareTo(this.startTimeout) > 0) ? HEAL_TIMEOUT : this.startTimeout;
	}

	private RoleChanges roleChanges() {
		return new RoleChanges(catchUpTimeout());
	}

	private void requireMember(Node node) {
		if (!nodes().contains(node)) {
			throw new IllegalArgumentException(node + " is not a node of " + this);
		}
	}

	private static void requireReachable(Node node) {
		if (!node.isRunning() || node.isPaused()) {
			throw new IllegalStateException(node.name() + " is not running or is paused");
		}
	}

	private void requireStarted() {
		if (this.state != State.STARTED) {
			throw new IllegalStateException(this.state == State.NEW ? "Not started" : "Closed");
		}
	}

	private List<Node> createNodes(MariaDbInstallation installation) {
		List<Node> created = new ArrayList<>();
		for (int i = 0; i <= this.replicaCount; i++) {
			String name = (i == 0) ? "primary" : "replica-" + i;
			String host = this.loopbackAddressPerNode ? "127.0.0." + (i + 2) : "127.0.0.1";
			NodeLayout layout = new NodeLayout(name, i + 1, i > 0, this.workDir.resolve(name), host);
			List<String> arguments = new ArrayList<>(this.serverArguments);
			arguments.addAll(this.nodeArguments.getOrDefault(name, List.of()));
			created.add(new Node(layout, this.accounts, installation, arguments, this.startTimeout));
		}
		return List.copyOf(created);
	}

	private void launchAll() {
		if (!this.loopbackAddressPerNode) {
			int[] ports = FreePorts.pick(this.nodes.size());
			for (int i = 0; i < ports.length; i++) {
				this.nodes.get(i).launch(ports[i]);
			}
			for (Node node : this.nodes) {
				awaitReady(node);
			}
			return;
		}
		List<String> hosts = this.nodes.stream().map(Node::host).toList();
		for (int attempt = 1;; attempt++) {
			int port = FreePorts.pickShared(hosts);
			for (Node node : this.nodes) {
				node.launch(port);
			}
			try {
				for (Node node : this.nodes) {
					node.awaitReady();
				}
				return;
			}
			catch (MariaDbServer.PortInUseException ex) {
				if (attempt == PORT_ATTEMPTS) {
					throw ex;
				}
				// The nodes share the port, so all of them move to the next one
				logger.info("Port {} was taken meanwhile, retrying all nodes on another", port);
				for (Node node : this.nodes) {
					node.kill();
				}
			}
		}
	}

	private void awaitReady(Node node) {
		for (int attempt = 1;; attempt++) {
			try {
				node.awaitReady();
				return;
			}
			catch (MariaDbServer.PortInUseException ex) {
				if (attempt == PORT_ATTEMPTS) {
					throw ex;
				}
				int port = freePortOutside(this.nodes.stream().mapToInt(Node::port).toArray());
				logger.info("Port {} of {} was taken meanwhile, retrying on {}", node.port(), node.name(), port);
				node.launch(port);
			}
		}
	}

	private static int freePortOutside(int[] used) {
		while (true) {
			int port = FreePorts.pick(1)[0];
			if (Arrays.stream(used).noneMatch((each) -> each == port)) {
				return port;
			}
		}
	}

	private static boolean isReplicating(Map<String, @Nullable String> status) {
		return "Yes".equals(status.get("Slave_SQL_Running")) && !"No".equals(status.get("Slave_IO_Running"));
	}

	/**
	 * Lifecycle of a topology.
	 */
	private enum State {

		NEW, STARTED, CLOSED

	}

}
