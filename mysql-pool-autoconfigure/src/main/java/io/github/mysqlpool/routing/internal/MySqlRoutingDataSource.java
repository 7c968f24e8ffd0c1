package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.NoPrimaryException;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.ReplicaFallback;
import io.github.mysqlpool.routing.ReplicaSelector;
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
 * {@link ReplicaSelector}: no allocation, no lock. The router decides the route; final
 * parts borrow on it: {@code WriterRoute} from the writer, {@code ReplicaRoute} from a
 * replica, {@code ReadFallback} when no replica is fit, and {@code FencedReads} for reads
 * after a write of their own scope.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlRoutingDataSource extends AbstractDataSource {

	private final MySqlPools pools;

	private final ReplicaRotation rotation;

	private final ReplicaSelector selector;

	private final boolean hasReplicas;

	private final RouterStatistics statistics = new RouterStatistics();

	private final WriterRoute writer;

	private final ReplicaRoute replicas;

	private final ReadFallback fallback;

	/**
	 * Reads fenced by read-your-writes; only with read-your-writes on.
	 */
	private @Nullable FencedReads fencedReads;

	private @Nullable RoutingObserver observer;

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
		this.hasReplicas = !pools.getReplicas().isEmpty();
		this.writer = new WriterRoute(pools);
		this.replicas = new ReplicaRoute(rotation);
		this.fallback = new ReadFallback(fallback, this.hasReplicas, rotation, this.writer, this.statistics);
	}

	/**
	 * Track the borrows from the writer's pool, so that {@link #writerChanged} can end
	 * those waiting in the pool of a server that no longer takes writes. Meant for
	 * topology discovery, before the data source is used.
	 * @param slots number of borrows tracked at once, a power of two; further ones wait
	 * as without tracking
	 */
	public void trackWriterBorrows(int slots) {
		this.writer.trackBorrows(slots);
	}

	/**
	 * The writes moved, or no server takes them: end the waits in the pool of any other
	 * server, so that those borrows go to the new writer or fail with a
	 * {@link NoPrimaryException} now rather than at the pool's connection timeout.
	 * @param writer the pool writes go to now, {@code null} for none
	 */
	public void writerChanged(@Nullable MySqlPool writer) {
		this.writer.writerChanged(writer);
	}

	/**
	 * Make reads see the writes of their own scope.
	 * @param consistency the read-your-writes policy, {@code null} for none
	 */
	public void setReadConsistency(@Nullable ReadConsistency consistency) {
		this.fencedReads = (consistency != null) ? new FencedReads(consistency, this.writer, this.replicas,
				this.fallback, this.statistics, this.observer) : null;
	}

	/**
	 * Observe each borrow (for tracing); {@code null}, the default, for none.
	 * @param observer the observer
	 */
	public void setRoutingObserver(@Nullable RoutingObserver observer) {
		this.observer = observer;
		FencedReads fencedReads = this.fencedReads;
		if (fencedReads != null) {
			fencedReads.setObserver(observer);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		RoutingObserver observer = this.observer;
		return (observer != null) ? observer.observe(RoutingContext.isReadOnlyRoute(), this::route) : route();
	}

	private Connection route() throws SQLException {
		RoutingObserver observer = this.observer;
		FencedReads fencedReads = this.fencedReads;
		RoutingContext.State routing = RoutingContext.current();
		if (!routing.isReadOnlyRoute()) {
			this.statistics.recordWrite();
			if (fencedReads != null && !routing.isInTransaction()) {
				return fencedReads.primaryBorrowedOutsideTransaction(this.writer.borrow(observer));
			}
			return this.writer.borrow(observer);
		}
		if (fencedReads != null && this.hasReplicas && fencedReads.isFenced()) {
			return fencedReads.borrow();
		}
		long maxLag = routing.maxLagMillis();
		Connection connection = this.replicas.borrow(this.selector, maxLag, observer);
		if (connection == null) {
			return this.fallback.fallBack(maxLag, observer);
		}
		this.fallback.servedByReplicas(maxLag);
		return connection;
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
		return this.fallback.fallbacksToPrimary();
	}

	/**
	 * Number of reads that failed because no replica was fit and the fallback is
	 * {@link ReplicaFallback#FAIL}.
	 * @return the count since start-up
	 */
	public long getFailedReads() {
		return this.fallback.failedReads();
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
		return this.fallback.mode();
	}

	@Override
	public String toString() {
		MySqlPool writer = this.pools.getWriter();
		return "MySqlRoutingDataSource{primary=" + ((writer != null) ? writer.getName() : "none") + "}";
	}

}
