package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the routing asks before a read so that the read sees the writes of its own scope
 * (read-your-writes). Called on the borrow path: {@link #isFenced()} must not allocate or
 * lock when the scope has written nothing recently.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public interface ReadConsistency {

	/**
	 * Whether the current scope wrote recently enough that a replica may not have its
	 * write yet.
	 * @return {@code true} when the read must be served by the primary or by a replica
	 * known to have the write
	 */
	boolean isFenced();

	/**
	 * Whether a fenced read must go to the primary rather than wait on a replica: always
	 * in some modes, and once a wait of the scope for its write has timed out.
	 * @return {@code true} to read from the primary
	 */
	boolean requiresPrimary();

	/**
	 * Wait, for a bounded time, until the replica behind the connection has applied the
	 * scope's writes.
	 * @param replicaConnection a connection just borrowed from a replica
	 * @return {@code true} when the replica has the writes; {@code false} when it did not
	 * catch up in time, and the read must go to the primary
	 * @throws SQLException when the replica cannot be asked
	 */
	boolean awaitWrites(Connection replicaConnection) throws SQLException;

	/**
	 * Get ready to {@link #awaitWrites(Connection) wait} for this scope's writes before a
	 * replica connection is borrowed, such as by reading the primary's position, so that
	 * no replica connection is held while the primary is asked.
	 * @throws SQLException when the primary cannot tell; the read then goes to the
	 * primary
	 */
	default void prepareWait() throws SQLException {
	}

	/**
	 * Note that the primary was borrowed outside any transaction: the borrower may write
	 * with autocommit, which no transaction listener sees, until it returns the
	 * connection.
	 * @param connection the primary connection just borrowed
	 * @return the connection to hand out, which notes the write again when closed
	 */
	Connection primaryBorrowedOutsideTransaction(Connection connection);

}
