package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.pool.internal.ServerFacts;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import io.github.mysqlpool.topology.ServerRole;
import org.jspecify.annotations.Nullable;

/**
 * Probes one server's role over a connection of its own: whether it takes writes and whom
 * it replicates from. Used by one thread at a time.
 *
 * @author mysql-pool team
 */
final class RoleProbe {

	/** MySQL and MariaDB: access denied, you need the ... privilege. */
	private static final int SPECIFIC_ACCESS_DENIED = 1227;

	private final String server;

	private final HikariDataSource pool;

	private final RoleSource source;

	private final Duration timeout;

	private final boolean reconnectWhenReadOnly;

	private @Nullable Connection connection;

	private @Nullable ServerFlavor flavor;

	private boolean mayReadReplicaStatus = true;

	private boolean answeredOnNewConnection;

	/**
	 * Create a probe.
	 * @param server the server's name
	 * @param pool the pool whose URL, credentials and driver settings to connect with
	 * @param source where the server's writability is read
	 * @param timeout connect and socket timeout of the probe's connection
	 * @param reconnectWhenReadOnly whether to open a new connection after a read-only
	 * answer, so that a DNS name or virtual IP moved meanwhile is resolved again
	 */
	RoleProbe(String server, HikariDataSource pool, RoleSource source, Duration timeout,
			boolean reconnectWhenReadOnly) {
		this.server = server;
		this.pool = pool;
		this.source = source;
		this.timeout = timeout;
		this.reconnectWhenReadOnly = reconnectWhenReadOnly;
	}

	String server() {
		return this.server;
	}

	/**
	 * Whether the last {@link #probe()} answered over a connection it opened itself, so
	 * that a DNS name or virtual IP was resolved for it.
	 * @return {@code false} when the answer came over a connection opened earlier
	 */
	boolean answeredOnNewConnection() {
		return this.answeredOnNewConnection;
	}

	ServerRole probe() {
		Instant now = Instant.now();
		this.answeredOnNewConnection = (this.connection == null);
		try {
			Connection current = connect();
			Boolean writable = this.source.writable(current);
			String source = Boolean.TRUE.equals(writable) ? null : replicatesFrom(current);
			if (!Boolean.TRUE.equals(writable) && this.reconnectWhenReadOnly) {
				close();
			}
			return new ServerRole(this.server, true, writable, source,
					(writable != null) ? null : "not a member of the cluster", now);
		}
		catch (SQLException ex) {
			if (ConnectionFailures.isConnectionFailure(ex)) {
				close();
				return new ServerRole(this.server, false, null, null, DirectConnections.describe(ex), now);
			}
			return new ServerRole(this.server, true, null, null, DirectConnections.describe(ex), now);
		}
	}

	private Connection connect() throws SQLException {
		Connection current = this.connection;
		if (current != null) {
			return current;
		}
		Connection opened = DirectConnections.open(this.pool, this.timeout);
		try {
			this.flavor = ServerFacts.read(opened).version();
		}
		catch (SQLException ex) {
			abort(opened);
			throw ex;
		}
		this.connection = opened;
		return opened;
	}

	/**
	 * The host and port the server replicates from, when the account may read it.
	 */
	private @Nullable String replicatesFrom(Connection connection) throws SQLException {
		ServerFlavor flavor = this.flavor;
		if (!this.mayReadReplicaStatus || flavor == null) {
			return null;
		}
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(flavor.replicaStatusStatement())) {
			if (!resultSet.next()) {
				return null;
			}
			String host = column(resultSet, "Source_Host", "Master_Host");
			String port = column(resultSet, "Source_Port", "Master_Port");
			return (host != null) ? host + ((port != null) ? ":" + port : "") : null;
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() != SPECIFIC_ACCESS_DENIED) {
				throw ex;
			}
			// Whom it replicates from is shown only; writability alone decides the writer
			this.mayReadReplicaStatus = false;
			return null;
		}
	}

	private static @Nullable String column(ResultSet resultSet, String name, String oldName) throws SQLException {
		java.sql.ResultSetMetaData metaData = resultSet.getMetaData();
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			String label = metaData.getColumnLabel(i);
			if (label.equalsIgnoreCase(name) || label.equalsIgnoreCase(oldName)) {
				return resultSet.getString(i);
			}
		}
		return null;
	}

	void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			abort(current);
		}
	}

	private static void abort(Connection connection) {
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			// Nothing left to release
		}
	}

}
