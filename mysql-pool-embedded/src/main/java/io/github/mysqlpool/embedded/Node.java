package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(Node.class);

	/**
	 * The system property naming the scheme of {@link #jdbcUrl()}: {@code mysql} (the
	 * default) or {@code mariadb}, so that the same tests run on MariaDB Connector/J.
	 */
	public static final String URL_SCHEME_PROPERTY = "mysql-pool.embedded.url-scheme";

	private static final String URL_SCHEME = urlScheme();

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int REBUILD_SERVER_ID_OFFSET = 1000;

	private final NodeLayout layout;

	private final Accounts accounts;

	private final MariaDbInstallation installation;

	private final List<String> extraArguments;

	private final Duration startTimeout;

	private final MariaDbServer server;

	private final RootJdbc jdbc;

	private volatile int port;

	private volatile long launchedAt;

	private volatile Role role;

	Node(NodeLayout layout, Accounts accounts, MariaDbInstallation installation, List<String> extraArguments,
			Duration startTimeout) {
		this.layout = layout;
		this.accounts = accounts;
		this.installation = installation;
		this.extraArguments = List.copyOf(extraArguments);
		this.startTimeout = startTimeout;
		this.server = new MariaDbServer(layout);
		this.jdbc = new RootJdbc(accounts.rootPassword());
		this.role = layout.replica() ? Role.REPLICA : Role.PRIMARY;
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
		return this.port;
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
		return "jdbc:" + URL_SCHEME + "://" + host() + ":" + this.port + "/" + this.accounts.database();
	}

	private static String urlScheme() {
		String scheme = System.getProperty(URL_SCHEME_PROPERTY, "mysql").trim();
		if (!scheme.equals("mysql") && !scheme.equals("mariadb")) {
			throw new IllegalArgumentException(
					"System property " + URL_SCHEME_PROPERTY + " must be mysql or mariadb, not '" + scheme + "'");
		}
		return scheme;
	}

	/**
	 * Return the pid of the running {@code mariadbd}, read from its pid file.
	 * @return the pid
	 * @throws IllegalStateException when the server is not running
	 */
	public long pid() {
		return this.server.pid();
	}

	/**
	 * Return whether the server process is alive, paused or not.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/**
	 * Return whether the server process is paused by {@link #pause()}.
	 * @return whether it is paused
	 */
	public boolean isPaused() {
		return this.server.isPaused();
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
		call(sql, RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			return null;
		});
	}

	/**
	 * Run a query as root and return the first column of its first row.
	 * @param sql the query
	 * @return the value, or {@code null} when it is NULL or there is no row
	 * @throws EmbeddedMariaDbException when the query fails
	 */
	public @Nullable String queryForString(String sql) {
		return call(sql, RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
				return rows.next() ? rows.getString(1) : null;
			}
		});
	}

	/**
	 * Run a query as root and return the first column of its first row as a number.
	 * @param sql the query
	 * @return the value
	 * @throws IllegalStateException when there is no row or the value is NULL
	 */
	public long queryForLong(String sql) {
		String value = queryForString(sql);
		if (value == null) {
			throw new IllegalStateException("No value from " + name() + " for: " + sql);
		}
		return Long.parseLong(value);
	}

	/**
	 * Return {@code SHOW REPLICA STATUS} as column name to value, empty on a node that
	 * does not replicate.
	 * @return the status, with MariaDB's column names such as {@code Slave_SQL_Running}
	 */
	public Map<String, @Nullable String> replicaStatus() {
		return call("SHOW REPLICA STATUS", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			Map<String, @Nullable String> status = new LinkedHashMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SHOW REPLICA STATUS")) {
				if (rows.next()) {
					ResultSetMetaData metaData = rows.getMetaData();
					for (int i = 1; i <= metaData.getColumnCount(); i++) {
						status.put(metaData.getColumnLabel(i), rows.getString(i));
					}
				}
			}
			return status;
		});
	}

	/**
	 * Stop applying replicated changes ({@code STOP SLAVE SQL_THREAD}) while still
	 * receiving them, which makes this replica fall behind for real.
	 */
	public void stopReplicationSqlThread() {
		requireReplica();
		executeAsRoot("STOP SLAVE SQL_THREAD");
	}

	/**
	 * Resume applying replicated changes ({@code START SLAVE SQL_THREAD}).
	 */
	public void startReplicationSqlThread() {
		requireReplica();
		executeAsRoot("START SLAVE SQL_THREAD");
	}

	/**
	 * Freeze the server process (SIGSTOP): connections stay open but nothing answers.
	 */
	public synchronized void pause() {
		this.server.pause();
		logger.info("Paused {} (pid {})", name(), pid());
	}

	/**
	 * Let a paused server process go on (SIGCONT).
	 */
	public synchronized void resume() {
		this.server.resume();
		logger.info("Resumed {}", name());
	}

	/**
	 * Kill the server process (SIGKILL), as a crash would.
	 */
	public synchronized void kill() {
		long pid = isRunning() ? pid() : -1;
		this.server.kill();
		logger.info("Killed {} (pid {})", name(), pid);
	}

	/**
	 * Shut the server down cleanly (SIGTERM), resuming it first if paused.
	 */
	public synchronized void stop() {
		this.server.stop(STOP_TIMEOUT);
		logger.info("Stopped {}", name());
	}

	/**
	 * Start the server again on the same data directory and port after {@link #kill()} or
	 * {@link #stop()}, read-only unless it is the primary. A replica resumes replicating
	 * by itself; a {@link Role#FORMER_PRIMARY} replicates from nobody until
	 * {@link ReplicatedMariaDb#rejoin(Node) rejoined}. Does nothing when the server is
	 * running.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		launch(this.port);
		awaitReady();
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
		return name() + "@" + host() + ":" + this.port;
	}

	/**
	 * Create the node's directory with a fresh data directory and its init script.
	 */
	void prepare() {
		FileTree.delete(this.layout.dir());
		try {
			Files.createDirectories(this.layout.tmpDir());
			this.installation.copyTemplateTo(this.layout.dataDir());
			Files.writeString(this.layout.initFile(), this.accounts.initScript());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare " + this.layout.dir(), ex);
		}
	}

	synchronized void launch(int port) {
		this.port = port;
		this.launchedAt = System.nanoTime();
		this.server.launch(ServerCommand.build(this.installation, this.layout, port, this.role != Role.PRIMARY,
				this.extraArguments));
	}

	void awaitReady() {
		this.server.awaitReady(this.startTimeout, () -> this.jdbc.ping(host(), this.port));
		logger.info("Started {} on {}:{} (pid {}) in {} ms", name(), host(), this.port, pid(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.launchedAt));
	}

	/**
	 * Point this replica at the primary and start replicating from the primary's first
	 * GTID.
	 * @param primary the primary
	 */
	void replicateFrom(Node primary) {
		call("CHANGE MASTER", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("STOP SLAVE");
				statement.execute("SET GLOBAL gtid_slave_pos = ''");
				statement.execute("CHANGE MASTER TO MASTER_HOST='" + primary.host() + "', MASTER_PORT=" + primary.port()
						+ ", MASTER_USER=" + Accounts.quote(Accounts.REPLICATION_USER) + ", MASTER_PASSWORD="
						+ Accounts.quote(Accounts.REPLICATION_PASSWORD) + ", MASTER_USE_GTID=slave_pos"
						+ ", MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1, MASTER_SSL=0");
				statement.execute("START SLAVE");
			}
			return null;
		});
	}

	/**
	 * Return the replication threads' states, positions and last errors, for messages.
	 * @return the summary
	 */
	String replicationSummary() {
		Map<String, @Nullable String> status = replicaStatus();
		Map<String, @Nullable String> summary = new LinkedHashMap<>();
		for (String key : List.of("Slave_IO_Running", "Slave_SQL_Running", "Master_Port", "Gtid_IO_Pos",
				"Gtid_Slave_Pos", "Seconds_Behind_Master", "Last_IO_Errno", "Last_IO_Error", "Last_SQL_Errno",
				"Last_SQL_Error")) {
			if (status.containsKey(key)) {
				summary.put(key, status.get(key));
			}
		}
		return summary.toString();
	}

	/**
	 * Make this node the writer: forget its primary and turn read-only off.
	 */
	void promote() {
		call("promote", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("STOP SLAVE");
				statement.execute("RESET SLAVE ALL");
				statement.execute("SET GLOBAL read_only=0");
			}
			return null;
		});
		this.role = Role.PRIMARY;
	}

	/**
	 * Make this node read-only and point it at a new primary with GTID auto-positioning,
	 * keeping a stopped SQL thread stopped so that injected lag stays. A node whose own
	 * binlogged transactions are newer than what it replicated (a former primary) starts
	 * from {@code current_pos}, any other from {@code slave_pos}.
	 * @param primary the new primary
	 */
	void follow(Node primary) {
		boolean applying = !"No".equals(replicaStatus().get("Slave_SQL_Running"));
		call("CHANGE MASTER", RootJdbc.SOCKET_TIMEOUT, (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET GLOBAL read_only=1");
				statement.execute("STOP SLAVE");
				boolean formerPrimary = ownTransactionsAhead(statement);
				if (formerPrimary) {
					// MASTER_GTID_WAIT reads gtid_slave_pos, which lacks what this node
					// wrote as a primary
					statement.execute("SET GLOBAL gtid_slave_pos = @@gtid_binlog_pos");
				}
				String mode = formerPrimary ? "current_pos" : "slave_pos";
				statement.execute("CHANGE MASTER TO MASTER_HOST='" + primary.host() + "', MASTER_PORT=" + primary.port()
						+ ", MASTER_USER=" + Accounts.quote(Accounts.REPLICATION_USER) + ", MASTER_PASSWORD="
						+ Accounts.quote(Accounts.REPLICATION_PASSWORD) + ", MASTER_USE_GTID=" + mode
						+ ", MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1, MASTER_SSL=0");
				statement.execute(applying ? "START SLAVE" : "START SLAVE IO_THREAD");
			}
			return null;
		});
		this.role = Role.REPLICA;
	}

	/**
	 * Stop this node, give it a fresh data directory and make it a replica of the primary
	 * from the primary's first GTID, under another server id until
	 * {@link #restoreServerId()}: a replica skips the events of its own server id, which
	 * include everything this node wrote as a primary.
	 * @param primary the primary
	 */
	synchronized void rebuildFrom(Node primary) {
		this.server.stop(STOP_TIMEOUT);
		this.role = Role.REPLICA;
		prepare();
		launch(this.port);
		awaitReady();
		executeAsRoot("SET GLOBAL server_id = " + (serverId() + REBUILD_SERVER_ID_OFFSET));
		replicateFrom(primary);
	}

	/**
	 * Take back the node's own server id after {@link #rebuildFrom(Node)}.
	 */
	void restoreServerId() {
		executeAsRoot("STOP SLAVE");
		executeAsRoot("SET GLOBAL server_id = " + serverId());
		executeAsRoot("START SLAVE");
	}

	/**
	 * Record that a failover replaced this primary.
	 */
	void markReplaced() {
		this.role = Role.FORMER_PRIMARY;
	}

	private static boolean ownTransactionsAhead(Statement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery("SELECT @@gtid_current_pos, @@gtid_slave_pos")) {
			rows.next();
			return !GtidPosition.parse(rows.getString(1)).equals(GtidPosition.parse(rows.getString(2)));
		}
	}

	/**
	 * Wait until this replica has applied a GTID position.
	 * @param gtid the position, such as {@code 0-1-42}
	 * @param timeout how long to wait
	 * @return whether it got there in time
	 */
	boolean awaitGtid(String gtid, Duration timeout) {
		String sql = "SELECT MASTER_GTID_WAIT(?, ?)";
		long result = call(sql, timeout.plus(RootJdbc.SOCKET_TIMEOUT), (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, gtid);
				statement.setDouble(2, Math.max(0.001, timeout.toMillis() / 1000.0));
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return rows.getLong(1);
				}
			}
		});
		return result == 0;
	}

	/**
	 * Abort root connections in flight and stop the server.
	 */
	void close() {
		this.jdbc.abortAll();
		this.server.signalStop();
	}

	void awaitClosed() {
		this.server.awaitStopped(STOP_TIMEOUT);
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

	private void requireReplica() {
		if (!isReplica()) {
			throw new IllegalStateException(name() + " is not a replica");
		}
	}

	private <T> T call(String what, Duration socketTimeout, RootJdbc.Callback<T> callback) {
		try {
			return this.jdbc.call(host(), this.port, socketTimeout, callback);
		}
		catch (SQLException ex) {
			throw new EmbeddedMariaDbException(
					"Failed on " + this + " as root: " + what + " (" + ex.getErrorCode() + "): " + ex.getMessage(), ex);
		}
	}

}
