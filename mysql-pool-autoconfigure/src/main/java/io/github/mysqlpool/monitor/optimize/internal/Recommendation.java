package io.github.mysqlpool.monitor.optimize.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Suggested size of one pool, with the figures and the reasoning behind it.
 *
 * @param pool the pool name
 * @param currentMaximumPoolSize maximum pool size now
 * @param currentMinimumIdle minimum idle connections now
 * @param maximumPoolSize suggested maximum pool size
 * @param minimumIdle suggested minimum idle connections
 * @param action {@code GROW}, {@code SHRINK} or {@code KEEP}
 * @param figures the observations the suggestion rests on
 * @param reasoning each step of the reasoning, in words
 * @author mysql-pool team
 * @since 0.1.0
 */
public record Recommendation(String pool, int currentMaximumPoolSize, int currentMinimumIdle, int maximumPoolSize,
		int minimumIdle, Action action, Figures figures, List<String> reasoning) {

	/**
	 * Whether applying the recommendation would change the pool.
	 * @return {@code true} when a size differs from the current one
	 */
	public boolean changesPool() {
		return this.maximumPoolSize != this.currentMaximumPoolSize || this.minimumIdle != this.currentMinimumIdle;
	}

	/**
	 * Direction of a recommendation.
	 */
	public enum Action {

		/**
		 * Callers waited: a larger pool is suggested.
		 */
		GROW,

		/**
		 * Most connections sat idle: a smaller pool is suggested.
		 */
		SHRINK,

		/**
		 * The current size fits the load.
		 */
		KEEP

	}

	/**
	 * The observations behind a recommendation.
	 *
	 * @param samples samples observed
	 * @param windowSeconds time the samples cover
	 * @param peakActive most connections in use at once
	 * @param peakPending most threads waiting at once
	 * @param peakConcurrency most connections in use plus threads waiting at once
	 * @param peakUtilization highest share of the pool in use, 0 to 1
	 * @param acquireP95Millis 95th percentile of the time waited for a connection
	 * @param acquireP99Millis 99th percentile of the time waited for a connection
	 * @param throughputPerSecond connections handed out per second
	 * @param meanHoldMillis mean time a connection was held
	 * @param littlesLawConnections throughput times hold time: connections busy on
	 * average
	 * @param serverMaxConnections the server's max_connections, {@code null} when unknown
	 * @param instances application instances sharing the server
	 * @param serverShare max_connections divided by the instances
	 * @param hikariFormula (server cores x 2) + 1 when the server's cores are configured
	 */
	public record Figures(int samples, double windowSeconds, int peakActive, int peakPending, int peakConcurrency,
			double peakUtilization, double acquireP95Millis, double acquireP99Millis, double throughputPerSecond,
			double meanHoldMillis, double littlesLawConnections, @Nullable Long serverMaxConnections, int instances,
			@Nullable Long serverShare, @Nullable Integer hikariFormula) {

	}

}
