package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The router's borrows from the pool writes go to now: the configured primary, or the
 * writer that topology discovery found, for writes and for read-only work that the
 * primary serves. While no server takes writes, a borrow fails at once with a
 * {@link NoPrimaryException} rather than wait for a server that would refuse the write.
 * No allocation, no lock; with {@link #trackBorrows(int) tracking}, one compare-and-set
 * to claim a slot and one to free it.
 *
 * @author mysql-pool team
 */
final class WriterRoute {

	// Logged under the router's name, as before the router was split
	private static final Log logger = LogFactory.getLog(MySqlRoutingDataSource.class);

	private final MySqlPools pools;

	private final WriterBorrows.CurrentWriter currentWriter;

	private volatile @Nullable WriterBorrows writerBorrows;

	WriterRoute(MySqlPools pools) {
		this.pools = pools;
		this.currentWriter = pools::getWriter;
	}

	/**
	 * Track the borrows from the writer's pool, so that {@link #writerChanged} can end
	 * those waiting in the pool of a server that no longer takes writes.
	 * @param slots number of borrows tracked at once, a power of two
	 */
	void trackBorrows(int slots) {
		this.writerBorrows = new WriterBorrows(slots);
	}

	/**
	 * End the waits in the pool of any server but the writer.
	 * @param writer the pool writes go to now, {@code null} for none
	 */
	void writerChanged(@Nullable MySqlPool writer) {
		WriterBorrows borrows = this.writerBorrows;
		if (borrows != null) {
			int released = borrows.release(writer);
			if (released > 0) {
				logger.warn("Ended " + released + " wait(s) for a connection to a server that no longer takes writes");
			}
		}
	}

	/**
	 * Borrow from the pool writes go to now.
	 * @param observer told which pool served an untracked borrow, {@code null} for none
	 * @return the connection
	 * @throws SQLException the pool's failure, or {@link NoPrimaryException}
	 */
	Connection borrow(@Nullable RoutingObserver observer) throws SQLException {
		MySqlPool writer = this.pools.getWriter();
		if (writer == null) {
			throw new NoPrimaryException(this.pools.getNoWriterReason());
		}
		WriterBorrows borrows = this.writerBorrows;
		if (borrows == null) {
			return borrowUntracked(writer, observer);
		}
		return borrowTracked(borrows, writer);
	}

	/**
	 * A primary connection for read-only work, made read-only as replica connections are:
	 * a write there fails instead of committing on the primary (where a retried read
	 * would commit it twice). HikariCP sets it read-write again when it is returned, and
	 * Connector/J tells the server both times.
	 */
	Connection borrowForRead(@Nullable RoutingObserver observer) throws SQLException {
		Connection connection = borrow(observer);
		try {
			connection.setReadOnly(true);
		}
		catch (SQLException | RuntimeException | Error ex) {
			closeAfterFailure(connection, ex);
			throw ex;
		}
		return connection;
	}

	/**
	 * Borrow from the writer, following it when it changes during the wait: each change
	 * ends the wait, and the borrow starts again on the writer now, or fails while there
	 * is none.
	 */
	private Connection borrowTracked(WriterBorrows borrows, MySqlPool writer) throws SQLException {
		MySqlPool current = writer;
		for (int attempt = 0; attempt < 3; attempt++) {
			Connection connection = borrows.borrow(current, this.currentWriter);
			if (connection != null) {
				current.recordRoutedBorrow();
				return connection;
			}
			MySqlPool now = this.pools.getWriter();
			if (now == null) {
				throw new NoPrimaryException(this.pools.getNoWriterReason());
			}
			current = now;
		}
		throw new NoPrimaryException("the writer changed during each of 3 attempts to borrow a connection");
	}

	private static Connection borrowUntracked(MySqlPool pool, @Nullable RoutingObserver observer) throws SQLException {
		Connection connection = pool.getDataSource().getConnection();
		pool.recordRoutedBorrow();
		if (observer != null) {
			observer.served(pool, ReplicaSnapshot.UNKNOWN_LAG);
		}
		return connection;
	}

	/**
	 * Close a connection that cannot be handed out, keeping what went wrong with it.
	 * @param connection the connection
	 * @param failure why it cannot be handed out
	 */
	static void closeAfterFailure(Connection connection, Throwable failure) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

}
