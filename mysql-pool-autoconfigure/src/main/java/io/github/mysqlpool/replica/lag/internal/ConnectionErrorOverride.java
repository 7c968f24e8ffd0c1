package io.github.mysqlpool.replica.lag.internal;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.PoolRole;

import org.springframework.core.Ordered;

/**
 * Installed on each replica's HikariCP pool: when a statement on one of its connections
 * fails because the server cannot be reached, the monitor probes that replica at once
 * instead of at its next turn, so that later reads go elsewhere within milliseconds. It
 * never changes HikariCP's own decision to evict the connection. Installed before the
 * pool starts, by {@link Installer}; the monitor, built after the pools, then binds its
 * probe to it.
 *
 * @author mysql-pool team
 */
final class ConnectionErrorOverride implements SQLExceptionOverride {

	private static final Runnable NOTHING = () -> {
	};

	private volatile Runnable probeNow = NOTHING;

	void bind(Runnable probeNow) {
		this.probeNow = probeNow;
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		if (ConnectionFailures.isConnectionFailure(exception)) {
			this.probeNow.run();
		}
		return Override.CONTINUE_EVICT;
	}

	/**
	 * Installs the override on each read pool that has none of its own.
	 */
	static final class Installer implements MySqlPoolCustomizer, Ordered {

		@java.lang.Override
		public void customize(MySqlPool pool, HikariDataSource dataSource) {
			if (pool.getRole() == PoolRole.REPLICA && dataSource.getExceptionOverride() == null
					&& dataSource.getExceptionOverrideClassName() == null) {
				dataSource.setExceptionOverride(new ConnectionErrorOverride());
			}
		}

		@java.lang.Override
		public int getOrder() {
			return FAILURE_PROBES_ORDER;
		}

	}

}
