package io.github.mysqlpool.monitor.alert.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import org.jspecify.annotations.Nullable;

/**
 * How each {@link AlertRule}'s value is read from a pool's samples, kept out of the rule
 * so that the public enum does not depend on the history's types.
 *
 * @author mysql-pool team
 */
final class RuleValues {

	private RuleValues() {
	}

	/**
	 * Whether a rule watches a condition of the servers rather than a pool's samples.
	 * @param rule the rule
	 * @return {@code true} for the availability rules
	 */
	static boolean isAvailability(AlertRule rule) {
		return rule == AlertRule.PRIMARY_UNAVAILABLE || rule == AlertRule.SPLIT_BRAIN
				|| rule == AlertRule.REPLICA_UNAVAILABLE;
	}

	/**
	 * A rule's value for a pool's latest sample.
	 * @param rule the rule
	 * @param pool the pool name
	 * @param sample the latest sample, already in the history
	 * @param history the pool's earlier samples
	 * @return the value, or {@code null} when it cannot be told now
	 */
	static @Nullable Double value(AlertRule rule, String pool, PoolSample sample, PoolHistory history) {
		return switch (rule) {
			case POOL_UTILIZATION -> (sample.max() > 0) ? round(sample.utilization() * 100) : null;
			case ACQUIRE_TIME -> acquireTime(sample);
			case QUERY_TIME -> (sample.statementTime().count() > 0) ? round(sample.statementTime().p95() / 1000) : 0.0;
			case ERROR_RATE -> errorRate(pool, sample, history);
			case SLOW_QUERIES -> {
				PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
				yield (double) (sample.slowQueries() - ((minuteAgo != null) ? minuteAgo.slowQueries() : 0));
			}
			case REPLICATION_LAG -> sample.lagSeconds();
			case CONNECTION_FAILURES -> {
				PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
				yield (double) (sample.timeouts() - ((minuteAgo != null) ? minuteAgo.timeouts() : 0));
			}
			case PRIMARY_UNAVAILABLE, SPLIT_BRAIN, REPLICA_UNAVAILABLE -> null;
		};
	}

	private static @Nullable Double acquireTime(PoolSample sample) {
		if (sample.acquireTime().count() == 0) {
			// Nobody got a connection: unknown while callers still wait, else no wait
			return (sample.pending() > 0) ? null : 0.0;
		}
		return round(sample.acquireTime().p95() / 1000);
	}

	private static @Nullable Double errorRate(String pool, PoolSample sample, PoolHistory history) {
		PoolSample minuteAgo = history.atOrBefore(pool, minuteBefore(sample.time()));
		long statements = sample.statements() - ((minuteAgo != null) ? minuteAgo.statements() : 0);
		long errors = sample.statementErrors() - ((minuteAgo != null) ? minuteAgo.statementErrors() : 0);
		if (statements < AlertRule.ERROR_RATE_MINIMUM) {
			return (errors == 0) ? 0.0 : null;
		}
		return round(100.0 * errors / statements);
	}

	private static Instant minuteBefore(Instant time) {
		return time.minus(Duration.ofMinutes(1));
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
