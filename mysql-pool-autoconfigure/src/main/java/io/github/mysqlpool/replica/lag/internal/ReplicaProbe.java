package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.pool.internal.ServerFacts;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import io.github.mysqlpool.replica.lag.LagSource;
import io.github.mysqlpool.replica.lag.MissingReplicationPrivilegeException;
import org.jspecify.annotations.Nullable;

/**
 * Probes one replica over the monitor's own long-lived connection, reopened after a
 * failure: detects the server's flavor on each connect, then measures the lag from the
 * heartbeat or the replica status. Used by one thread at a time.
 *
 * @author mysql-pool team
 */
final class ReplicaProbe {

	/** MySQL and MariaDB: access denied, you need the ... privilege. */
	static final int SPECIFIC_ACCESS_DENIED = 1227;

	private final String name;

	private final HikariDataSource pool;

	private final MonitorSettings settings;

	private final HeartbeatTable heartbeat;

	private @Nullable Connection connection;

	private @Nullable ServerFlavor flavor;

	private String account = "the pool's user";

	private final BooleanSupplier primaryWritesHeartbeat;

	private boolean useHeartbeat;

	ReplicaProbe(String name, HikariDataSource pool, MonitorSettings settings, HeartbeatTable heartbeat,
			BooleanSupplier primaryWritesHeartbeat) {
		this.name = name;
		this.pool = pool;
		this.settings = settings;
		this.heartbeat = heartbeat;
		this.primaryWritesHeartbeat = primaryWritesHeartbeat;
	}

	/**
	 * Probe the replica once.
	 * @return what the probe found
	 * @throws MissingReplicationPrivilegeException when the lag source needs the
	 * replication status and the user may not read it
	 */
	ProbeResult probe() {
		try {
			Connection connection = connect();
			return measure(connection);
		}
		catch (SQLException ex) {
			if (ConnectionFailures.isConnectionFailure(ex)) {
				close();
				return ProbeResult.unreachable(MonitorConnections.describe(ex));
			}
			return ProbeResult.lagUnknown(MonitorConnections.describe(ex));
		}
	}

	private Connection connect() throws SQLException {
		Connection current = this.connection;
		if (current != null) {
			return current;
		}
		Connection opened = MonitorConnections.open(this.pool, this.settings.probeTimeout());
		try {
			this.flavor = ServerFacts.read(opened).version();
			this.account = account(MonitorConnections.queryForString(opened, "SELECT CURRENT_USER()"));
			this.useHeartbeat = switch (this.settings.lagSource()) {
				case HEARTBEAT -> true;
				case REPLICA_STATUS -> false;
				case AUTO -> heartbeatTableReplicated(opened);
			};
		}
		catch (SQLException ex) {
			MonitorConnections.closeQuietly(opened);
			throw ex;
		}
		this.connection = opened;
		return opened;
	}

	/**
	 * Whether the heartbeat table is on the replica, giving a table the primary has just
	 * created up to one probe timeout to arrive.
	 */
	private boolean heartbeatTableReplicated(Connection connection) throws SQLException {
		long deadline = System.nanoTime() + this.settings.probeTimeout().toNanos();
		while (!this.heartbeat.exists(connection)) {
			if (!this.primaryWritesHeartbeat.getAsBoolean() || System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private ProbeResult measure(Connection connection) throws SQLException {
		if (!this.useHeartbeat && this.settings.lagSource() == LagSource.AUTO
				&& this.primaryWritesHeartbeat.getAsBoolean()) {
			// The table may have been created, or replicated, since this connection
			// opened
			this.useHeartbeat = this.heartbeat.exists(connection);
		}
		if (this.useHeartbeat) {
			try {
				Duration lag = this.heartbeat.lag(connection);
				return (lag != null) ? ProbeResult.lag(lag, true)
						: ProbeResult.lagUnknown("no heartbeat row in " + this.heartbeat.name() + " yet");
			}
			catch (SQLException ex) {
				if (ex.getErrorCode() == HeartbeatTable.NO_SUCH_TABLE) {
					return ProbeResult.lagUnknown("heartbeat table " + this.heartbeat.name() + " does not exist");
				}
				throw ex;
			}
		}
		ServerFlavor flavor = flavor();
		ReplicationState state;
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery(flavor.replicaStatusStatement())) {
			state = ReplicationState.read(resultSet);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == SPECIFIC_ACCESS_DENIED) {
				throw new MissingReplicationPrivilegeException(this.name, this.account, flavor.displayName(),
						flavor.replicaStatusStatement(), flavor.monitorPrivilege(), ex);
			}
			throw ex;
		}
		Long seconds = state.lagSeconds();
		return (seconds != null) ? ProbeResult.lag(Duration.ofSeconds(seconds), false)
				: ProbeResult.lagUnknown(state.unknownLagReason());
	}

	/**
	 * The flavor detected on the last connect.
	 * @return the flavor, {@code null} before the first connect
	 */
	@Nullable ServerFlavor detectedFlavor() {
		return this.flavor;
	}

	boolean usesHeartbeat() {
		return this.useHeartbeat;
	}

	private ServerFlavor flavor() {
		ServerFlavor current = this.flavor;
		return (current != null) ? current : ServerFlavor.parse("");
	}

	void close() {
		MonitorConnections.closeQuietly(this.connection);
		this.connection = null;
	}

	/**
	 * Quote {@code CURRENT_USER()}, such as {@code app@%}, as an account for GRANT.
	 */
	static String account(@Nullable String currentUser) {
		if (currentUser == null || currentUser.isBlank()) {
			return "the pool's user";
		}
		int at = currentUser.lastIndexOf('@');
		if (at < 0) {
			return "'" + currentUser + "'";
		}
		return "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
	}

	/**
	 * What one probe found.
	 *
	 * @param reached whether the server answered
	 * @param lag the measured lag, {@code null} when unknown
	 * @param fromHeartbeat whether the lag came from the heartbeat
	 * @param error why the server was not reached or the lag is unknown
	 */
	record ProbeResult(boolean reached, @Nullable Duration lag, boolean fromHeartbeat, @Nullable String error) {

		static ProbeResult lag(Duration lag, boolean fromHeartbeat) {
			return new ProbeResult(true, lag, fromHeartbeat, null);
		}

		static ProbeResult lagUnknown(@Nullable String reason) {
			return new ProbeResult(true, null, false, reason);
		}

		static ProbeResult unreachable(String error) {
			return new ProbeResult(false, null, false, error);
		}

	}

}
