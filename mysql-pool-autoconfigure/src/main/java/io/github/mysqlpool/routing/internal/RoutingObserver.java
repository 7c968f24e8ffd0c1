package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.routing.ReplicaSnapshot;

/**
 * Told how {@link MySqlRoutingDataSource} routes each borrow, for tracing. Unset by
 * default, when the borrow path pays nothing for it.
 *
 * @author mysql-pool team
 * @see ObservationRoutingObserver
 */
interface RoutingObserver {

	/**
	 * Borrow a connection through the router, observing the borrow.
	 * @param readOnly whether the work is read-only (routed to a replica)
	 * @param borrow the router's borrow
	 * @return the connection
	 * @throws SQLException as the borrow does
	 */
	Connection observe(boolean readOnly, Borrow borrow) throws SQLException;

	/**
	 * The pool that served the borrow.
	 * @param pool the pool
	 * @param lagMillis the replica's lag when it was selected, or
	 * {@link ReplicaSnapshot#UNKNOWN_LAG} (and for the primary)
	 */
	void served(MySqlPool pool, long lagMillis);

	/**
	 * A read fell back (to the primary, or failed) because no replica was fit.
	 * @param fallback what it did: {@code primary} or {@code fail}
	 * @param reason why
	 */
	void fellBack(String fallback, String reason);

	/**
	 * A read fenced by read-your-writes: where it went.
	 * @param outcome {@code replica} (a replica had the writes) or {@code primary}
	 */
	void fenced(String outcome);

	/**
	 * The router's own borrow.
	 */
	@FunctionalInterface
	interface Borrow {

		/**
		 * Borrow.
		 * @return the connection
		 * @throws SQLException when no connection can be had
		 */
		Connection borrow() throws SQLException;

	}

}
