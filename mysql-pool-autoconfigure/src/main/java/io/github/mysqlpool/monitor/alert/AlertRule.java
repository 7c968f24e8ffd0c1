package io.github.mysqlpool.monitor.alert;

import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.monitor.history.PoolHistory;
import io.github.mysqlpool.monitor.history.PoolSample;
import org.jspecify.annotations.Nullable;

/**
 * What an alert watches, and how its value is read from a pool's samples.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum AlertRule {

	/**
	 * Connections in use as a percentage of the maximum pool size.
	 */
	POOL_UTILIZATION("pool-utilization", "%") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return (sample.max() > 0) ? round(sample.utilization() * 100) : null;
		}
	},

	/**
	 * 95th percentile of the time callers waited for a connection since the previous
	 * sample, in seconds.
	 */
	ACQUIRE_TIME("acquire-time", "s") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			if (sample.acquireTime().count() == 0) {
				// Nobody got a connection: unknown while callers still wait, else no wait
				return (sample.pending() > 0) ? null : 0.0;
			}
			return round(sample.acquireTime().p95() / 1000);
		}
	},

	/**
	 * 95th percentile of the time the pool's statements took since the previous sample,
	 * in seconds.
	 */
	QUERY_TIME("query-time", "s") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return (sample.statementTime().count() > 0) ? round(sample.statementTime().p95() / 1000) : 0.0;
		}
	},

	/**
	 * Statements that failed in the last minute, as a percentage of the statements run;
	 * unknown below {@value #ERROR_RATE_MINIMUM} statements a minute.
	 */
	ERROR_RATE("error-rate", "%") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
			long statements = sample.statements() - ((minuteAgo != null) ? minuteAgo.statements() : 0);
			long errors = sample.statementErrors() - ((minuteAgo != null) ? minuteAgo.statementErrors() : 0);
			if (statements < ERROR_RATE_MINIMUM) {
				return (errors == 0) ? 0.0 : null;
			}
			return round(100.0 * errors / statements);
		}
	},

	/**
	 * Statements slower than the slow-query threshold in the last minute.
	 */
	SLOW_QUERIES("slow-queries", "/min") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
			return (double) (sample.slowQueries() - ((minuteAgo != null) ? minuteAgo.slowQueries() : 0));
		}
	},

	/**
	 * Replication lag of a replica, in seconds.
	 */
	REPLICATION_LAG("replication-lag", "s") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return sample.lagSeconds();
		}
	},

	/**
	 * Callers that gave up waiting for a connection in the last minute.
	 */
	CONNECTION_FAILURES("connection-failures", "/min") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
			return (double) (sample.timeouts() - ((minuteAgo != null) ? minuteAgo.timeouts() : 0));
		}
	},

	/**
	 * No server takes writes, or the one that does fails its probes: writes fail. Raised
	 * and resolved from {@link ServerAvailability}, not from samples.
	 */
	PRIMARY_UNAVAILABLE("primary-unavailable", "") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return null;
		}
	},

	/**
	 * More than one server is writable. Raised and resolved from
	 * {@link ServerAvailability}, not from samples.
	 */
	SPLIT_BRAIN("split-brain", "") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return null;
		}
	},

	/**
	 * A replica is out of rotation because it fails its probes or connections. Raised and
	 * resolved from {@link ServerAvailability}, not from samples.
	 */
	REPLICA_UNAVAILABLE("replica-unavailable", "") {
		@Override
		@Nullable Double value(String pool, PoolSample sample, PoolHistory history) {
			return null;
		}
	};

	/**
	 * Fewest statements in a minute for which the error rate is told.
	 */
	public static final int ERROR_RATE_MINIMUM = 20;

	private final String id;

	private final String unit;

	AlertRule(String id, String unit) {
		this.id = id;
		this.unit = unit;
	}

	/**
	 * The rule's name in properties and responses, for example {@code pool-utilization}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The unit of the rule's values and thresholds.
	 * @return the unit
	 */
	public String unit() {
		return this.unit;
	}

	/**
	 * Whether the rule watches a condition of the servers rather than a pool's samples.
	 * @return {@code true} for the availability rules
	 */
	boolean isAvailability() {
		return this == PRIMARY_UNAVAILABLE || this == SPLIT_BRAIN || this == REPLICA_UNAVAILABLE;
	}

	/**
	 * The rule's value for a pool's latest sample.
	 * @param pool the pool name
	 * @param sample the latest sample, already in the history
	 * @param history the pool's earlier samples
	 * @return the value, or {@code null} when it cannot be told now
	 */
	abstract @Nullable Double value(String pool, PoolSample sample, PoolHistory history);

	private static Instant minuteBefore(Instant time) {
		return time.minus(Duration.ofMinutes(1));
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
