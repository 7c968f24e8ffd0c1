package io.github.mysqlpool.monitor.timing.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.github.mysqlpool.internal.PoolLoad;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PoolTimings} of every pool, fed by a HikariCP {@link MetricsTrackerFactory}
 * that also forwards to another one (Micrometer's, when present).
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolInstrumentation {

	private final Map<String, PoolTimings> timings = new ConcurrentHashMap<>();

	/**
	 * The timings of a pool, created on first use.
	 * @param pool the pool name
	 * @return its timings
	 */
	public PoolTimings timings(String pool) {
		return this.timings.computeIfAbsent(pool, (name) -> new PoolTimings());
	}

	/**
	 * A tracker factory recording into these timings and forwarding to a delegate.
	 * @param delegate another factory whose trackers get every call too, or {@code null}
	 * @return the factory to set on a pool before it starts
	 */
	public MetricsTrackerFactory trackerFactory(@Nullable MetricsTrackerFactory delegate) {
		return trackerFactory(delegate, null);
	}

	/**
	 * A tracker factory recording into these timings and forwarding to a delegate, whose
	 * counters also tell a pool's {@link PoolLoad} how many connections are in use.
	 * @param delegate another factory whose trackers get every call too, or {@code null}
	 * @param load the load of the pool the factory is for, or {@code null}
	 * @return the factory to set on a pool before it starts
	 */
	public MetricsTrackerFactory trackerFactory(@Nullable MetricsTrackerFactory delegate, @Nullable PoolLoad load) {
		return (poolName, poolStats) -> createTracker(poolName, poolStats, delegate, load);
	}

	private IMetricsTracker createTracker(String poolName, PoolStats poolStats,
			@Nullable MetricsTrackerFactory delegate, @Nullable PoolLoad load) {
		PoolTimings poolTimings = timings(poolName);
		poolTimings.markTracked();
		if (load != null) {
			load.trackConnectionsInUse(poolTimings::getInUse);
		}
		IMetricsTracker forward = (delegate != null) ? delegate.create(poolName, poolStats) : null;
		return (forward != null) ? new ForwardingTracker(poolTimings, forward) : new TimingTracker(poolTimings);
	}

	/**
	 * Records timings only. Called by HikariCP on every borrow and return: no allocation.
	 */
	private static class TimingTracker implements IMetricsTracker {

		private final PoolTimings timings;

		TimingTracker(PoolTimings timings) {
			this.timings = timings;
		}

		@Override
		public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
			this.timings.recordAcquired(elapsedAcquiredNanos);
		}

		@Override
		public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
			this.timings.recordUsage(elapsedBorrowedMillis);
		}

		@Override
		public void recordConnectionTimeout() {
			this.timings.recordTimeout();
		}

	}

	/**
	 * Records timings and forwards every call to another tracker.
	 */
	private static final class ForwardingTracker extends TimingTracker {

		private final IMetricsTracker delegate;

		ForwardingTracker(PoolTimings timings, IMetricsTracker delegate) {
			super(timings);
			this.delegate = delegate;
		}

		@Override
		public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
			this.delegate.recordConnectionCreatedMillis(connectionCreatedMillis);
		}

		@Override
		public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
			super.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
			this.delegate.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		}

		@Override
		public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
			super.recordConnectionUsageMillis(elapsedBorrowedMillis);
			this.delegate.recordConnectionUsageMillis(elapsedBorrowedMillis);
		}

		@Override
		public void recordConnectionTimeout() {
			super.recordConnectionTimeout();
			this.delegate.recordConnectionTimeout();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
