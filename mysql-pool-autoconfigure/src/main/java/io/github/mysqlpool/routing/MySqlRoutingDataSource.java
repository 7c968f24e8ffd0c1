package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

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
 * Choosing the pool reads two thread locals and one volatile snapshot and asks the
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
	}

	/**
	 * Make reads see the writes of their own scope.
	 * @param consistency the read-your-writes policy, {@code null} for none
	 */
	public void setReadConsistency(@Nullable ReadConsistency consistency) {
		this.consistency = consistency;
	}

	@Override
	public Connection getConnection() throws SQLException {
		ReadConsistency consistency = this.consistency;
		if (!RoutingContext.isReadOnlyRoute()) {
			this.statistics.recordWrite();
			if (consistency != null && !RoutingContext.isInTransaction()) {
				return consistency.primaryBorrowedOutsideTransaction(borrowWriter());
			}
			return borrowWriter();
		}
		if (consistency != null && this.hasReplicas && consistency.isFenced()) {
			return borrowConsistent(consistency);
		}
		return borrowReplica();
	}

	/**
	 * A read after a write of its own scope: from the primary, or from a replica that has
	 * applied the write. The replica connection is closed before anything else is
	 * borrowed, whatever the wait throws.
	 */
	private Connection borrowConsistent(ReadConsistency consistency) throws SQLException {
		if (consistency.requiresPrimary()) {
			this.statistics.recordFencedByPrimary(FencedReason.PRIMARY_WINDOW);
			return borrowPrimaryForRead();
		}
		try {
			consistency.prepareWait();
		}
		catch (SQLException ex) {
			// The primary cannot tell how far the writes went: only it is sure
			this.statistics.recordFencedByPrimary(FencedReason.POSITION_UNKNOWN);
			return borrowPrimaryForRead();
		}
		Connection connection = borrowFromReplicas();
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
			this.statistics.recordFencedByReplica();
			return connection;
		}
		connection.close();
		this.statistics.recordFencedByPrimary(reason);
		return borrowPrimaryForRead();
	}

	private Connection borrowReplica() throws SQLException {
		Connection connection = borrowFromReplicas();
		return (connection != null) ? connection : fallBack();
	}

	/**
	 * A connection from a fit replica, or {@code null} when none is.
	 */
	private @Nullable Connection borrowFromReplicas() throws SQLException {
		long maxLag = RoutingContext.maxLagMillis();
		ReplicaSnapshot snapshot = this.rotation.current();
		int attempts = snapshot.size();
		for (int attempt = 0; attempt < attempts; attempt++) {
			MySqlPool replica = this.selector.select(snapshot, maxLag);
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
		return borrow(writer);
	}

	private Connection borrow(MySqlPool pool) throws SQLException {
		Connection connection = pool.getDataSource().getConnection();
		pool.recordRoutedBorrow();
		return connection;
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
			if (state.compareAndSet(false, true)) {
				logger.warn("No replica is fit for " + which + " (" + reason + "); they fail until one is");
			}
			throw new NoFitReplicaException("No replica is fit to serve this read (" + reason
					+ ") and mysql-pool.replication.fallback is 'fail'");
		}
		this.fallbacksToPrimary.increment();
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

}
