package io.github.mysqlpool.metrics.internal;

import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.monitor.timing.internal.StatementKind;
import io.github.mysqlpool.monitor.timing.internal.StatementListener;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The timer {@code mysqlpool.statements}: each pool's statements as timed by MySQL
 * Connector/J, tagged with {@code pool}, {@code kind} ({@code select}, {@code insert},
 * {@code update}, {@code delete}, {@code other}) and {@code outcome} ({@code success},
 * {@code error}), with a percentiles histogram so that a p95 can be computed across
 * instances ({@code histogram_quantile} in Prometheus). Every timer is registered here,
 * once; a statement only records into one.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class StatementMeterBinder implements MeterBinder {

	/**
	 * Name of the timer.
	 */
	public static final String STATEMENTS = "mysqlpool.statements";

	private static final StatementKind[] KINDS = StatementKind.values();

	private final MySqlPools pools;

	private final PoolInstrumentation instrumentation;

	/**
	 * Create the binder.
	 * @param pools the pools
	 * @param instrumentation where the pools' statement times arrive
	 */
	public StatementMeterBinder(MySqlPools pools, PoolInstrumentation instrumentation) {
		this.pools = pools;
		this.instrumentation = instrumentation;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (MySqlPool pool : this.pools.getEveryPool()) {
			Timer[] timers = new Timer[KINDS.length * 2];
			for (StatementKind kind : KINDS) {
				timers[kind.ordinal() * 2] = timer(registry, pool, kind, "success");
				timers[kind.ordinal() * 2 + 1] = timer(registry, pool, kind, "error");
			}
			this.instrumentation.timings(pool.getName()).setStatementListener(new TimerListener(timers));
		}
	}

	private static Timer timer(MeterRegistry registry, MySqlPool pool, StatementKind kind, String outcome) {
		return Timer.builder(STATEMENTS)
			.description("Statements of each pool, from sending each to reading its results")
			.tag("pool", pool.getName())
			.tag("kind", kind.tag())
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(registry);
	}

	/**
	 * Records into the timer of the statement's kind and outcome. No allocation.
	 */
	private record TimerListener(Timer[] timers) implements StatementListener {

		@Override
		public void statementExecuted(StatementKind kind, boolean success, long nanos) {
			this.timers[kind.ordinal() * 2 + (success ? 0 : 1)].record(nanos, TimeUnit.NANOSECONDS);
		}

	}

}
