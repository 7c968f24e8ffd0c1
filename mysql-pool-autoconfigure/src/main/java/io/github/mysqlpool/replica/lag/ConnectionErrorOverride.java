package io.github.mysqlpool.replica.lag;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.mysqlpool.internal.ConnectionFailures;

/**
 * Installed on each replica's HikariCP pool: when a statement on one of its connections
 * fails because the server cannot be reached, the monitor probes that replica at once
 * instead of at its next turn, so that later reads go elsewhere within milliseconds. It
 * never changes HikariCP's own decision to evict the connection.
 *
 * @author mysql-pool team
 */
final class ConnectionErrorOverride implements SQLExceptionOverride {

	private final Runnable probeNow;

	ConnectionErrorOverride(Runnable probeNow) {
		this.probeNow = probeNow;
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		if (ConnectionFailures.isConnectionFailure(exception)) {
			this.probeNow.run();
		}
		return Override.CONTINUE_EVICT;
	}

}
