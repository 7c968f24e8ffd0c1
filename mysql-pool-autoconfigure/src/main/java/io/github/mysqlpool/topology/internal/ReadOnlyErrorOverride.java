package io.github.mysqlpool.topology.internal;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Installed on the write pools: a write refused because the server is read-only evicts
 * the connection, which belongs to a server that no longer takes writes, and asks for a
 * probe at once.
 *
 * @author mysql-pool team
 */
final class ReadOnlyErrorOverride implements SQLExceptionOverride {

	/** MySQL and MariaDB: the server runs with --read-only (or --super-read-only). */
	private static final int READ_ONLY_SERVER = 1290;

	/** MySQL: running in read-only mode. */
	private static final int READ_ONLY_MODE = 1836;

	private volatile Runnable probeNow = () -> {
	};

	/**
	 * Ask the running monitor for the probes: the override is installed before the pool
	 * starts, the monitor binds to it when it is created.
	 * @param probeNow asks for a probe of every server at once
	 */
	void bind(Runnable probeNow) {
		this.probeNow = probeNow;
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		int code = exception.getErrorCode();
		if (code == READ_ONLY_SERVER || code == READ_ONLY_MODE) {
			this.probeNow.run();
			return Override.MUST_EVICT;
		}
		return Override.CONTINUE_EVICT;
	}

}
