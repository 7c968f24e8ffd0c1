package io.github.mysqlpool.replica.lag.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.replica.lag.LagSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Probes the primary over the monitor's own connection and, where the heartbeat is used,
 * writes it when this instance is the heartbeat writer: the instances of a service agree
 * on one writer per primary, the one whose probe connection holds the writer's lock on
 * it. The others try to take the lock at each probe, so one of them takes over within a
 * heartbeat interval once the writer's session ends (the instance stopped, died or lost
 * its connection). Used by one thread at a time.
 *
 * @author mysql-pool team
 */
final class PrimaryProbe {

	private static final Log logger = LogFactory.getLog(PrimaryProbe.class);

	private HikariDataSource pool;

	private volatile @Nullable HikariDataSource retarget;

	private final MonitorSettings settings;

	private final HeartbeatTable heartbeat;

	private @Nullable Connection connection;

	private boolean prepared;

	private volatile boolean writeHeartbeat;

	/**
	 * Whether the probe connection holds the heartbeat writer's lock.
	 */
	private volatile boolean writer;

	PrimaryProbe(HikariDataSource pool, MonitorSettings settings, HeartbeatTable heartbeat) {
		this.pool = pool;
		this.settings = settings;
		this.heartbeat = heartbeat;
	}

	/**
	 * Probe the primary once, writing the heartbeat when it is used.
	 * @return the primary's status
	 * @throws IllegalStateException when the lag source is the heartbeat and its table is
	 * missing and cannot be created
	 */
	PrimaryStatus probe() {
		HikariDataSource target = this.retarget;
		if (target != null && target != this.pool) {
			close();
			this.pool = target;
			this.prepared = false;
		}
		Instant now = Instant.now();
		try {
			Connection current = connect();
			if (this.writeHeartbeat) {
				// Taking the lock, or failing to, is the probe of an instance that
				// only reads the heartbeat
				if (this.writer || takeWriterLock(current)) {
					writeHeartbeat(current);
				}
			}
			else {
				MonitorConnections.queryForString(current, "SELECT 1");
			}
			return new PrimaryStatus(true, now, null);
		}
		catch (SQLException ex) {
			if (ConnectionFailures.isConnectionFailure(ex)) {
				close();
				return new PrimaryStatus(false, now, MonitorConnections.describe(ex));
			}
			return new PrimaryStatus(true, now, MonitorConnections.describe(ex));
		}
	}

	private Connection connect() throws SQLException {
		Connection current = this.connection;
		if (current == null) {
			current = MonitorConnections.open(this.pool, this.settings.probeTimeout());
			this.connection = current;
		}
		// Until the heartbeat is prepared, every probe tries again: an error of the
		// server, such as a missing privilege, may be fixed while the application runs
		if (!this.prepared) {
			prepare(current);
			this.prepared = true;
		}
		return current;
	}

	private void writeHeartbeat(Connection connection) throws SQLException {
		try {
			this.heartbeat.write(connection);
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == HeartbeatTable.NO_SUCH_TABLE && this.settings.createHeartbeatTable()) {
				// Dropped while the application runs: create it again on the next probe
				this.prepared = false;
			}
			throw ex;
		}
	}

	private void prepare(Connection connection) throws SQLException {
		if (this.settings.lagSource() == LagSource.REPLICA_STATUS) {
			return;
		}
		SQLException createFailure = null;
		if (this.settings.createHeartbeatTable()) {
			try {
				this.heartbeat.create(connection);
			}
			catch (SQLException ex) {
				if (ConnectionFailures.isConnectionFailure(ex)) {
					throw ex;
				}
				createFailure = ex;
			}
		}
		this.writeHeartbeat = this.heartbeat.exists(connection);
		if (this.writeHeartbeat) {
			if (this.writer || takeWriterLock(connection)) {
				// A first row at once, so that replicas have one to read
				this.heartbeat.write(connection);
			}
			return;
		}
		String why = (createFailure != null) ? "it could not be created: " + MonitorConnections.describe(createFailure)
				: "mysql-pool.replication.heartbeat.create-table is false";
		if (this.settings.lagSource() == LagSource.HEARTBEAT) {
			throw new IllegalStateException("Heartbeat table " + this.heartbeat.name()
					+ " does not exist on the primary and " + why + ". Create it with: CREATE TABLE "
					+ this.heartbeat.name() + " (id INT UNSIGNED NOT NULL PRIMARY KEY, ts TIMESTAMP(6) NOT NULL)");
		}
		logger.info("Heartbeat table " + this.heartbeat.name() + " does not exist on the primary and " + why
				+ "; replica lag is read from the replica status");
	}

	private boolean takeWriterLock(Connection connection) throws SQLException {
		boolean taken = this.heartbeat.tryTakeWriterLock(connection);
		if (taken) {
			this.writer = true;
			logger.info("This instance writes the heartbeat on the primary; the others only read it");
		}
		return taken;
	}

	/**
	 * Whether the heartbeat is used: written on the primary by this instance or another.
	 * @return {@code true} once the table is known to exist
	 */
	boolean writesHeartbeat() {
		return this.writeHeartbeat;
	}

	/**
	 * Whether this instance is the one that writes the heartbeat.
	 * @return {@code true} while its probe connection holds the writer's lock
	 */
	boolean isHeartbeatWriter() {
		return this.writer;
	}

	/**
	 * Probe, and write the heartbeat on, another server from the next probe on: the new
	 * writer after a change of primary.
	 * @param pool the new writer's pool
	 */
	void retarget(HikariDataSource pool) {
		this.retarget = pool;
	}

	void close() {
		// The server releases the writer's lock with the session
		this.writer = false;
		MonitorConnections.closeQuietly(this.connection);
		this.connection = null;
	}

}
