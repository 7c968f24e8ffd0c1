package io.github.mysqlpool.replica.lag.internal;

import io.github.mysqlpool.pool.MySqlPool;

/**
 * Told by the replica monitor each time a probe fails to reach a server (it timed out or
 * the connection was refused), right after a replica's new rotation is published.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface UnreachableServerListener {

	/**
	 * A probe of a pool's server failed to reach it. Called on the monitor's thread:
	 * implementations must not wait for the server.
	 * @param pool the pool whose server was not reached
	 * @param error what the probe saw
	 */
	void serverUnreachable(MySqlPool pool, String error);

}
