package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.RouterStatistics.FallbackReason;
import io.github.mysqlpool.routing.RouterStatistics.FencedReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The application's {@code DataSource}: hands out primary connections for writes and
 * replica connections for read-only work ({@link ReadOnly} and read-only transactions).
 * When no replica is fit for a read, the read goes to the primary or fails, as the
 * {@link ReplicaFallback} says. A replica whose pool cannot reach its server leaves the
 * rotation at once and the read is served by another one. A primary connection handed to
 * read-only work (no fit replica, no replica at all, or a read fenced by
 * read-your-writes) is made read-only, as replica connections are, until it returns to
 * its pool.
 * <p>
 * Choosing the pool reads one thread local and one volatile snapshot and asks the
 * {@link ReplicaSelector}: no allocation, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlRoutingDataSource extends AbstractDataSource {

	private static final Log logger = LogFactory.getLog(MySqlRoutingDataSource.class);

	private final MySqlPools pools;

	private final ReplicaRotation rotation;

	private final ReplicaSelector selector;

	private final ReplicaFallback fallback;

	private final boolean hasReplicas;

	private final LongAdder fallbacksToPrimary = new LongAdder();

	private final LongAdder failedReads = new LongAdder();

	private final AtomicBoolean fallingBack = new AtomicBoolean();

	private final RouterStatistics statistics = new RouterStatistics();

	private @Nullable ReadConsistency consistency;

	private @Nullable RoutingObserver observer;

	private volatile @Nullable WriterBorrows writerBorrows;

	private final WriterBorrows.CurrentWriter currentWriter;

	/**
	 * Fenced reads that may wait on a replica, borrowed at their first statement; only
	 * with read-your-writes on.
	 */
	private @Nullable DataSource fencedReads;

	/**
	 * Chooses the replica of a fenced read: the one that lags least is the most likely to
	 * have the write already, whatever the strategy of other reads.
	 */
	private final ReplicaSelector fencedSelector = new LowestLagReplicaSelector();

	/**
	 * Whether reads with a per-call max-lag fall back while other reads may still be
	 * served by replicas: a state of its own, so that such reads and unbounded ones do
	 * not flip one flag, and log, on every call.
	 */
	private final AtomicBoolean boundedFallingBack = new AtomicBoolean();

	/**
	 * Create a routing data source whose reads fall back to the primary.
	 * @param pools the pools to route between
	 * @param rotation the replicas in rotation
	 * @param selector how to choose among them
	 */
	public MySqlRoutingDataSource(MySqlPools pools, ReplicaRotation rotation, ReplicaSelector selector) {
		this(pools, rotation, selector, ReplicaFallback.PRIMARY);
	}

	/**
	 * Create the routing data source.
	 * @param pools the pools to route between
	 * @param rotation the replicas in rotation
	 * @param selector how to choose among them
	 * @param fallback what a read does when no replica is fit
	 */
	public MySqlRoutingDataSource(MySqlPools pools, ReplicaRotation rotation, ReplicaSelector selector,
			ReplicaFallback fallback) {
		this.pools = pools;
		this.rotation = rotation;
		this.selector = selector;
		this.fallback = fallback;
		this.hasReplicas = !pools.getReplicas().isEmpty();
		this.currentWriter = pools::getWriter;
	}

	/**
	 * Track the borrows from the writer's pool, so that {@link #writerChanged} can end
	 * those waiting in the pool of a server that no longer takes writes. Meant for
	 * topology discovery, before the data source is used.
	 * @param slots number of borrows tracked at once, a power of two; further ones wait
	 * as without tracking
	 */
	public void trackWriterBorrows(int slots) {
		this.writerBorrows = new WriterBorrows(slots);
	}

	/**
	 * The writes moved, or no server takes them: end the waits in the pool of any other
	 * server, so that those borrows go to the new writer or fail with a
	 * {@link NoPrimaryException} now rather than at the pool's connection timeout.
	 * @param writer the pool writes go to now, {@code null} for none
	 */
	public void writerChanged(@Nullable MySqlPool writer) {
		WriterBorrows borrows = this.writerBorrows;
		if (borrows != null) {
			int released = borrows.release(writer);
			if (released > 0) {
				logger.warn("Ended " + released + " wait(s) for a connection to a server that no longer takes writes");
			}
		}
	}

	/**
	 * Make reads see the writes of their own scope.
	 * @param consistency the read-your-writes policy, {@code null} for none
	 */
	public void setReadConsistency(@Nullable ReadConsistency consistency) {
		this.consistency = consistency;
		this.fencedReads = (consistency != null) ? new FencedReadDataSource(
				new Borrowing(() -> borrowConsistent(consistency)), new Borrowing(this::borrowWriter)) : null;
	}

	/**
	 * Observe each borrow (for tracing); {@code null}, the default, for none.
	 * @param observer the observer
	 */
	public void setRoutingObserver(@Nullable RoutingObserver observer) {
		this.observer = observer;
	}

	@Override
	public Connection getConnection() throws SQLException {
		RoutingObserver observer = this.observer;
		return (observer != null) ? observer.observe(RoutingContext.isReadOnlyRoute(), this::route) : route();
	}

	private Connection route() throws SQLException {
		ReadConsistency consistency = this.consistency;
		RoutingContext.State routing = RoutingContext.current();
		if (!routing.isReadOnlyRoute()) {
			this.statistics.recordWrite();
			if (consistency != null && !routing.isInTransaction()) {
				return consistency.primaryBorrowedOutsideTransaction(borrowWriter());
			}
			return borrowWriter();
		}
		if (consistency != null && this.hasReplicas && consistency.isFenced()) {
			return borrowFenced(consistency);
		}
		Connection connection = borrowFromReplicas(this.selector, routing.maxLagMillis());
		return (connection != null) ? connection : fallBack();
	}

	/**
	 * A read after a write of its own scope. When it may have to wait for a replica, its
	 * connection is borrowed at its first statement, so that work that runs none waits
	 * for nothing.
	 */
	private Connection borrowFenced(ReadConsistency consistency) throws SQLException {
		DataSource lazy = this.fencedReads;
		if (lazy == null) {
			return borrowConsistent(consistency);
		}
		if (consistency.requiresPrimary()) {
			fenced("primary");
			this.statistics.recordFencedByPrimary(FencedReason.PRIMARY_WINDOW);
			return borrowPrimaryForRead();
		}
		Connection connection = lazy.getConnection();
		// Read-only from the start, as the connection it stands for will be
		connection.setReadOnly(true);
		return connection;
	}

	/**
	 * A read after a write of its own scope: from the primary, or from a replica that has
	 * applied the write. The replica connection is closed before anything else is
	 * borrowed, whatever the wait throws.
	 */
	private Connection borrowConsistent(ReadConsistency consistency) throws SQLException {
		if (consistency.requiresPrimary()) {
			fenced("primary");
			this.statistics.recordFencedByPrimary(FencedReason.PRIMARY_WINDOW);
			return borrowPrimaryForRead();
		}
		try {
			consistency.prepareWait();
		}
		catch (SQLException ex) {
			// The primary cannot tell how far the writes went: only it is sure
			fenced("primary");
			this.statistics.recordFencedByPrimary(FencedReason.POSITION_UNKNOWN);
			return borrowPrimaryForRead();
		}
		Connection connection = borrowFromReplicas(this.fencedSelector, RoutingContext.maxLagMillis());
		if (connection == null) {
			return fallBack();
		}
		boolean applied;
		FencedReason reason = FencedReason.REPLICA_BEHIND;
		try {
			applied = consistency.awaitWrites(connection);
		}
		catch (SQLException ex) {
			// The replica cannot tell: the primary can
			applied = false;
			reason = FencedReason.REPLICA_UNANSWERED;
		}
		catch (RuntimeException | Error ex) {
			closeAfterFailure(connection, ex);
			throw ex;
		}
		if (applied) {
			fenced("replica");
			this.statistics.recordFencedByReplica();
			return connection;
		}
		connection.close();
		fenced("primary");
		this.statistics.recordFencedByPrimary(reason);
		return borrowPrimaryForRead();
	}

	private void fenced(String outcome) {
		RoutingObserver observer = this.observer;
		if (observer != null) {
			observer.fenced(outcome);
		}
	}

	/**
	 * A connection from a fit replica, or {@code null} when none is.
	 */
	private @Nullable Connection borrowFromReplicas(ReplicaSelector selector, long maxLag) throws SQLException {
		ReplicaSnapshot snapshot = this.rotation.current();
		int attempts = snapshot.size();
		for (int attempt = 0; attempt < attempts; attempt++) {
			MySqlPool replica = selector.select(snapshot, maxLag);
			if (replica == null) {
				break;
			}
			Connection connection;
			try {
				connection = replica.getDataSource().getConnection();
			}
			catch (SQLException ex) {
				// The monitor takes the replica out of rotation before we pick again
				if (!ConnectionFailures.isConnectionFailure(ex)
						|| !this.rotation.reportConnectionFailure(replica, ex)) {
					throw ex;
				}
				snapshot = this.rotation.current();
				continue;
			}
			replica.recordRoutedBorrow();
			RoutingObserver observer = this.observer;
			if (observer != null) {
				observer.served(replica, lagOf(snapshot, replica));
			}
			if (this.fallingBack.get() || this.boundedFallingBack.get()) {
				servedByReplicasAgain(maxLag);
			}
			return connection;
		}
		return null;
	}

	/**
	 * A primary connection for read-only work, made read-only as replica connections are:
	 * a write there fails instead of committing on the primary (where a retried read
	 * would commit it twice). HikariCP sets it read-write again when it is returned, and
	 * Connector/J tells the server both times.
	 */
	private Connection borrowPrimaryForRead() throws SQLException {
		Connection connection = borrowWriter();
		try {
			connection.setReadOnly(true);
		}
		catch (SQLException | RuntimeException | Error ex) {
			closeAfterFailure(connection, ex);
			throw ex;
		}
		return connection;
	}

	private static void closeAfterFailure(Connection connection, Throwable failure) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	/**
	 * Borrow from the pool writes go to now: the configured primary, or the writer that
	 * topology discovery found. While no server takes writes, fail at once rather than
	 * wait for a server that would refuse the write.
	 */
	private Connection borrowWriter() throws SQLException {
		MySqlPool writer = this.pools.getWriter();
		if (writer == null) {
			throw new NoPrimaryException(this.pools.getNoWriterReason());
		}
		WriterBorrows borrows = this.writerBorrows;
		if (borrows == null) {
			return borrow(writer);
		}
		return borrowTracked(borrows, writer);
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

	private Connection borrow(MySqlPool pool) throws SQLException {
		Connection connection = pool.getDataSource().getConnection();
		pool.recordRoutedBorrow();
		RoutingObserver observer = this.observer;
		if (observer != null) {
			observer.served(pool, ReplicaSnapshot.UNKNOWN_LAG);
		}
		return connection;
	}

	private static long lagOf(ReplicaSnapshot snapshot, MySqlPool replica) {
		for (int i = 0; i < snapshot.size(); i++) {
			if (snapshot.replica(i) == replica) {
				return snapshot.lagMillis(i);
			}
		}
		return ReplicaSnapshot.UNKNOWN_LAG;
	}

	private Connection fallBack() throws SQLException {
		if (!this.hasReplicas) {
			return borrowPrimaryForRead();
		}
		long maxLag = RoutingContext.maxLagMillis();
		ReplicaSnapshot snapshot = this.rotation.current();
		// Replicas in rotation serve reads without a per-call bound
		boolean perCall = maxLag != ReplicaSnapshot.UNKNOWN_LAG && !snapshot.isEmpty();
		AtomicBoolean state = perCall ? this.boundedFallingBack : this.fallingBack;
		String which = perCall ? "reads with a per-call max-lag" : "reads";
		FallbackReason why = perCall ? FallbackReason.MAX_LAG : FallbackReason.NO_REPLICA_IN_ROTATION;
		if (this.fallback == ReplicaFallback.FAIL) {
			this.failedReads.increment();
			this.statistics.recordFailedRead(why);
			String reason = reason(snapshot, maxLag);
			RoutingObserver observer = this.observer;
			if (observer != null) {
				observer.fellBack("fail", reason);
			}
			if (state.compareAndSet(false, true)) {
				logger.warn("No replica is fit for " + which + " (" + reason + "); they fail until one is");
			}
			throw new NoFitReplicaException("No replica is fit to serve this read (" + reason
					+ ") and mysql-pool.replication.fallback is 'fail'");
		}
		this.fallbacksToPrimary.increment();
		RoutingObserver observer = this.observer;
		if (observer != null) {
			observer.fellBack("primary", reason(snapshot, maxLag));
		}
		this.statistics.recordFallback(why);
		if (state.compareAndSet(false, true)) {
			logger.warn("No replica is fit for " + which + " (" + reason(snapshot, maxLag)
					+ "); they go to the primary until one is");
		}
		return borrowPrimaryForRead();
	}

	private void servedByReplicasAgain(long maxLag) {
		if (this.fallingBack.compareAndSet(true, false)) {
			logger.info("Reads are served by replicas again");
		}
		if (maxLag != ReplicaSnapshot.UNKNOWN_LAG && this.boundedFallingBack.compareAndSet(true, false)) {
			logger.info("Reads with a per-call max-lag are served by replicas again");
		}
	}

	private static String reason(ReplicaSnapshot snapshot, long maxLag) {
		StringBuilder reason = new StringBuilder();
		if (snapshot.isEmpty()) {
			reason.append("no replica in rotation");
		}
		else {
			reason.append("no replica within this read's max-lag of ").append(maxLag).append(" ms:");
			for (int i = 0; i < snapshot.size(); i++) {
				long lag = snapshot.lagMillis(i);
				reason.append(' ')
					.append(snapshot.replica(i).getName())
					.append(" lags ")
					.append((lag == ReplicaSnapshot.UNKNOWN_LAG) ? "an unknown time" : lag + " ms");
			}
		}
		if (!snapshot.exclusions().isEmpty()) {
			reason.append("; out of rotation: ").append(snapshot.exclusions());
		}
		return reason.toString();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return determinePool().getDataSource().getConnection(username, password);
	}

	/**
	 * The pool a connection borrowed now would come from.
	 * @return the pool for the current thread's work
	 */
	public MySqlPool determinePool() {
		MySqlPool writer = this.pools.getWriter();
		MySqlPool primary = (writer != null) ? writer : this.pools.getPrimary();
		if (!RoutingContext.isReadOnlyRoute()) {
			return primary;
		}
		MySqlPool replica = this.selector.select(this.rotation.current(), RoutingContext.maxLagMillis());
		return (replica != null) ? replica : primary;
	}

	/**
	 * Number of reads the primary served because no replica was fit.
	 * @return the count since start-up
	 */
	public long getFallbacksToPrimary() {
		return this.fallbacksToPrimary.sum();
	}

	/**
	 * Number of reads that failed because no replica was fit and the fallback is
	 * {@link ReplicaFallback#FAIL}.
	 * @return the count since start-up
	 */
	public long getFailedReads() {
		return this.failedReads.sum();
	}

	/**
	 * What the routing did: writes, fallbacks and fenced reads, with their reasons.
	 * @return the statistics since start-up
	 */
	public RouterStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * What a read does when no replica is fit.
	 * @return the fallback
	 */
	public ReplicaFallback getFallback() {
		return this.fallback;
	}

	@Override
	public String toString() {
		MySqlPool writer = this.pools.getWriter();
		return "MySqlRoutingDataSource{primary=" + ((writer != null) ? writer.getName() : "none") + "}";
	}

	/**
	 * A data source view of one way of borrowing.
	 */
	private static final class Borrowing extends AbstractDataSource {

		private final Borrow borrow;

		Borrowing(Borrow borrow) {
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

	@FunctionalInterface
	private interface Borrow {

		Connection borrow() throws SQLException;

	}

}
