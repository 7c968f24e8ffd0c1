package io.github.mysqlpool.monitor.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;

/**
 * Sets on each pool a HikariCP metrics tracker factory feeding
 * {@link PoolInstrumentation} (and forwarding to Micrometer's, when there is one):
 * HikariCP accepts it only once, before the pool starts. An adopted primary (Boot's own
 * {@code spring.datasource} pool) is instrumented like the others, unless the application
 * gave it a metrics tracker or registry of its own.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolInstrumentationCustomizer implements MySqlPoolCustomizer, Ordered {

	private final PoolInstrumentation instrumentation;

	private final ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory;

	/**
	 * Create the customizer.
	 * @param instrumentation where timings are recorded
	 * @param metricsTrackerFactory another tracker factory to forward to, if any
	 */
	public PoolInstrumentationCustomizer(PoolInstrumentation instrumentation,
			ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory) {
		this.instrumentation = instrumentation;
		this.metricsTrackerFactory = metricsTrackerFactory;
	}

	@Override
	public void customize(MySqlPool pool, HikariDataSource dataSource) {
		if (dataSource.getMetricsTrackerFactory() == null && dataSource.getMetricRegistry() == null) {
			dataSource.setMetricsTrackerFactory(
					this.instrumentation.trackerFactory(this.metricsTrackerFactory.getIfUnique(), pool.getLoad()));
		}
	}

	@Override
	public int getOrder() {
		return INSTRUMENTATION_ORDER;
	}

}
