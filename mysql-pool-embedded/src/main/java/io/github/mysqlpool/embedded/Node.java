package io.github.mysqlpool.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One MariaDB server of a {@link ReplicatedMariaDb}: its address, its current
 * {@linkplain #role() role}, root access over JDBC and fault injection. The fault helpers
 * work on a node whatever its role; a node keeps its name, server id and port when its
 * role changes.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class Node {

	/**
	 * The system property naming the scheme of {@link #jdbcUrl()}: {@code mysql} (the
	 * default) or {@code mariadb}, so that the same tests run on MariaDB Connector/J.
	 */
	public static final String URL_SCHEME_PROPERTY = "mysql-pool.embedded.url-scheme";

	private final NodeLayout layout;

	private final Accounts accounts;

	private final NodeLifecycle lifecycle;

	private final RootStatements root;

	private final NodeReplication replication;

	private volatile Role role;

	Node(NodeLayout layout, Accounts accounts, MariaDbInstallation installation, List<String> extraArguments,
			Duration startTimeout) {
		this.layout = layout;
		this.accounts = accounts;
		this.role = layout.replica() ? Role.REPLICA : Role.PRIMARY;
		RootJdbc jdbc = new RootJdbc(accounts.rootPassword());
		this.lifecycle = new NodeLifecycle(layout, accounts, installation, extraArguments, startTimeout,
				() -> this.role != Role.PRIMARY, jdbc);
		this.root = new RootStatements(this, jdbc);
		this.replication = new NodeReplication(this, this.root, this.lifecycle);
	}

	/**
	 * Return the node's name: {@code primary}, {@code replica-1}, {@code replica-2}...,
	 * after its role at start. The name stays when the role changes.
	 * @return the name
	 */
	public String name() {
		return this.layout.name();
	}

	/**
	 * Return the TCP port on {@link #host()}.
	 * @return the port
	 */
	public int port() {
		return this.lifecycle.port();
	}

	/**
	 * Return the loopback address the server listens on: {@code 127.0.0.1}, or one of its
	 * own with {@link ReplicatedMariaDbBuilder#loopbackAddressPerNode()}.
	 * @return the address
	 */
	public String host() {
		return this.layout.host();
	}

	/**
	 * Return the server id: 1 for the node started as primary, 2, 3... for the others.
	 * @return the server id
	 */
	public int serverId() {
		return this.layout.serverId();
	}

	/**
	 * Return the node's current role, which {@link ReplicatedMariaDb#switchover(Node)},
	 * {@link ReplicatedMariaDb#failover()} and {@link ReplicatedMariaDb#rejoin(Node)}
	 * change.
	 * @return the role
	 */
	public Role role() {
		return this.role;
	}

	/**
	 * Return whether this node is currently a replica of the primary.
	 * @return whether {@link #role()} is {@link Role#REPLICA}
	 */
	public boolean isReplica() {
		return this.role == Role.REPLICA;
	}

	/**
	 * Return the JDBC URL of the application database on this node, for MySQL Connector/J
	 * unless the system property {@value #URL_SCHEME_PROPERTY} is {@code mariadb}.
	 * @return the URL, such as {@code jdbc:mysql://127.0.0.1:40123/app}
	 */
	public String jdbcUrl() {
		return this.layout.jdbcUrl(port(), this.accounts.database());
	}

	/**
	 * Return the pid of the running {@code mariadbd}, read from its pid file.
	 * @return the pid
	 * @throws IllegalStateException when the server is not running
	 */
	public long pid() {
		return this.lifecycle.pid();
	}

	/**
	 * Return whether the server process is alive, paused or not.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	/**
	 * Return whether the server process is paused by {@link #pause()}.
	 * @return whether it is paused
	 */
	public boolean isPaused() {
		return this.lifecycle.isPaused();
	}

	/**
	 * Return the node's directory, holding its data directory and logs.
	 * @return the directory
	 */
	public Path directory() {
		return this.layout.dir();
	}

	/**
	 * Return the server's error log.
	 * @return the log file
	 */
	public Path errorLog() {
		return this.layout.errorLog();
	}

	/**
	 * Execute a statement as root.
	 * @param sql the statement
	 * @throws EmbeddedMariaDbException when the statement fails, with the
	 * {@link java.sql.SQLException} as its cause
	 */
	public void executeAsRoot(String sql) {
		this.root.execute(sql);
	}

	/**
	 * Run a query as root and return the first column of its first row.
	 * @param sql the query
	 * @return the value, or {@code null} when it is NULL or there is no row
	 * @throws EmbeddedMariaDbException when the query fails
	 */
	public @Nullable String queryForString(String sql) {
		return this.root.queryForString(sql);
	}

	/**
	 * Run a query as root and return the first column of its first row as a number.
	 * @param sql the query
	 * @return the value
	 * @throws IllegalStateException when there is no row or the value is NULL
	 */
	public long queryForLong(String sql) {
		return this.root.queryForLong(sql);
	}

	/**
	 * Return {@code SHOW REPLICA STATUS} as column name to value, empty on a node that
	 * does not replicate.
	 * @return the status, with MariaDB's column names such as {@code Slave_SQL_Running}
	 */
	public Map<String, @Nullable String> replicaStatus() {
		return this.root.replicaStatus();
	}

	/**
	 * Stop applying replicated changes ({@code STOP SLAVE SQL_THREAD}) while still
	 * receiving them, which makes this replica fall behind for real.
	 */
	public void stopReplicationSqlThread() {
		this.replication.stopApplying();
	}

	/**
	 * Resume applying replicated changes ({@code START SLAVE SQL_THREAD}).
	 */
	public void startReplicationSqlThread() {
		this.replication.startApplying();
	}

	/**
	 * Freeze the server process (SIGSTOP): connections stay open but nothing answers.
	 */
	public void pause() {
		this.lifecycle.pause();
	}

	/**
	 * Let a paused server process go on (SIGCONT).
	 */
	public void resume() {
		this.lifecycle.resume();
	}

	/**
	 * Kill the server process (SIGKILL), as a crash would.
	 */
	public void kill() {
		this.lifecycle.kill();
	}

	/**
	 * Shut the server down cleanly (SIGTERM), resuming it first if paused.
	 */
	public void stop() {
		this.lifecycle.stop();
	}

	/**
	 * Start the server again on the same data directory and port after {@link #kill()} or
	 * {@link #stop()}, read-only unless it is the primary. A replica resumes replicating
	 * by itself; a {@link Role#FORMER_PRIMARY} replicates from nobody until
	 * {@link ReplicatedMariaDb#rejoin(Node) rejoined}. Does nothing when the server is
	 * running.
	 */
	public void start() {
		this.lifecycle.start();
	}

	/**
	 * End another session on this server ({@code KILL CONNECTION}) as root.
	 * @param connectionId the session's {@code CONNECTION_ID()}
	 */
	public void killConnection(long connectionId) {
		executeAsRoot("KILL CONNECTION " + connectionId);
	}

	@Override
	public String toString() {
		return name() + "@" + host() + ":" + port();
	}

	NodeLifecycle lifecycle() {
		return this.lifecycle;
	}

	NodeReplication replication() {
		return this.replication;
	}

	void role(Role role) {
		this.role = role;
	}

	/**
	 * Role of a node in its topology.
	 */
	public enum Role {

		/**
		 * The one writable server, which the replicas replicate from.
		 */
		PRIMARY,

		/**
		 * A read-only server replicating from the primary.
		 */
		REPLICA,

		/**
		 * A primary replaced by {@link ReplicatedMariaDb#failover()}: read-only when
		 * started again, replicating from nobody until
		 * {@link ReplicatedMariaDb#rejoin(Node) rejoined}.
		 */
		FORMER_PRIMARY

	}

}
