package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

import javax.sql.DataSource;

import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.SelectionStrategy;
import io.github.mysqlpool.routing.internal.RouterStatistics.FencedReason;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The router's reads fenced by read-your-writes, made after a write of their own scope:
 * served by the primary, or by a replica once it has applied the write. When a read may
 * have to wait for a replica, its connection is borrowed at its first statement, so that
 * work that runs none waits for nothing. Created only when read-your-writes is on; a
 * scope that wrote nothing recently never gets here.
 *
 * @author mysql-pool team
 */
final class FencedReads {

	private final ReadConsistency consistency;

	private final WriterRoute writer;

	private final ReplicaRoute replicas;

	private final ReadFallback fallback;

	private final RouterStatistics statistics;

	/**
	 * Chooses the replica of a fenced read: the one that lags least is the most likely to
	 * have the write already, whatever the strategy of other reads.
	 */
	private final ReplicaSelector selector = SelectionStrategy.LOWEST_LAG.createSelector();

	/**
	 * Fenced reads that may wait on a replica, borrowed at their first statement.
	 */
	private final DataSource lazyReads;

	private @Nullable RoutingObserver observer;

	FencedReads(ReadConsistency consistency, WriterRoute writer, ReplicaRoute replicas, ReadFallback fallback,
			RouterStatistics statistics, @Nullable RoutingObserver observer) {
		this.consistency = consistency;
		this.writer = writer;
		this.replicas = replicas;
		this.fallback = fallback;
		this.statistics = statistics;
		this.observer = observer;
		this.lazyReads = new FencedReadDataSource(new Borrowing(this::borrowConsistent),
				new Borrowing(() -> this.writer.borrow(this.observer)));
	}

	void setObserver(@Nullable RoutingObserver observer) {
		this.observer = observer;
	}

	/**
	 * Whether the current scope wrote recently enough that a replica may not have its
	 * write yet.
	 * @return {@code true} when the read must be fenced
	 */
	boolean isFenced() {
		return this.consistency.isFenced();
	}

	/**
	 * Note that the primary was borrowed outside any transaction.
	 * @param connection the primary connection just borrowed
	 * @return the connection to hand out
	 */
	Connection primaryBorrowedOutsideTransaction(Connection connection) {
		return this.consistency.primaryBorrowedOutsideTransaction(connection);
	}

	/**
	 * A read after a write of its own scope: from the primary at once, or, when it may
	 * wait for a replica, a read-only connection that borrows at its first statement.
	 * @return the connection
	 * @throws SQLException the primary's failure
	 */
	Connection borrow() throws SQLException {
		if (this.consistency.requiresPrimary()) {
			return primary(FencedReason.PRIMARY_WINDOW);
		}
		Connection connection = this.lazyReads.getConnection();
		// Read-only from the start, as the connection it stands for will be
		connection.setReadOnly(true);
		return connection;
	}

	/**
	 * From the primary, or from a replica that has applied the write. The replica
	 * connection is closed before anything else is borrowed, whatever the wait throws.
	 */
	private Connection borrowConsistent() throws SQLException {
		if (this.consistency.requiresPrimary()) {
			return primary(FencedReason.PRIMARY_WINDOW);
		}
		try {
			this.consistency.prepareWait();
		}
		catch (SQLException ex) {
			// The primary cannot tell how far the writes went: only it is sure
			return primary(FencedReason.POSITION_UNKNOWN);
		}
		RoutingObserver observer = this.observer;
		long maxLag = RoutingContext.maxLagMillis();
		Connection connection = this.replicas.borrow(this.selector, maxLag, observer);
		if (connection == null) {
			return this.fallback.fallBack(maxLag, observer);
		}
		this.fallback.servedByReplicas(maxLag);
		boolean applied;
		FencedReason reason = FencedReason.REPLICA_BEHIND;
		try {
			applied = this.consistency.awaitWrites(connection);
		}
		catch (SQLException ex) {
			// The replica cannot tell: the primary can
			applied = false;
			reason = FencedReason.REPLICA_UNANSWERED;
		}
		catch (RuntimeException | Error ex) {
			WriterRoute.closeAfterFailure(connection, ex);
			throw ex;
		}
		if (applied) {
			fenced("replica");
			this.statistics.recordFencedByReplica();
			return connection;
		}
		connection.close();
		return primary(reason);
	}

	private Connection primary(FencedReason reason) throws SQLException {
		fenced("primary");
		this.statistics.recordFencedByPrimary(reason);
		return this.writer.borrowForRead(this.observer);
	}

	private void fenced(String outcome) {
		RoutingObserver observer = this.observer;
		if (observer != null) {
			observer.fenced(outcome);
		}
	}

	/**
	 * A data source view of one way of borrowing.
	 */
	private static final class Borrowing extends AbstractDataSource {

		private final RoutingObserver.Borrow borrow;

		Borrowing(RoutingObserver.Borrow borrow) {
			this.borrow = borrow;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return this.borrow.borrow();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			throw new SQLFeatureNotSupportedException("Routed connections use the pools' credentials");
		}

	}

}
