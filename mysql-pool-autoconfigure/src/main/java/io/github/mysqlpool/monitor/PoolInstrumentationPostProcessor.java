package io.github.mysqlpool.monitor;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.github.mysqlpool.monitor.statement.SlowQueryInterceptor;
import io.github.mysqlpool.monitor.timing.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Instruments the pools as soon as {@link MySqlPools} exists, before anything borrows
 * from them: HikariCP accepts a metrics tracker factory and driver settings only before a
 * pool starts. Sets a tracker factory feeding {@link PoolInstrumentation} (and
 * Micrometer's, when there is one) and applies every {@link PoolDriverCustomizer} (the
 * slow statement timing, the hung server rescue).
 * <p>
 * An adopted primary (Boot's own {@code spring.datasource} pool) is instrumented like the
 * others, unless the application gave it a metrics tracker or registry of its own.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolInstrumentationPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(PoolInstrumentationPostProcessor.class);

	private final ObjectProvider<PoolInstrumentation> instrumentation;

	private final ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory;

	private final ObjectProvider<PoolDriverCustomizer> driverCustomizer;

	/**
	 * Create the post-processor.
	 * @param instrumentation where timings are recorded
	 * @param metricsTrackerFactory another tracker factory to forward to, if any
	 * @param driverCustomizer what adds driver settings to the pools
	 */
	public PoolInstrumentationPostProcessor(ObjectProvider<PoolInstrumentation> instrumentation,
			ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory,
			ObjectProvider<PoolDriverCustomizer> driverCustomizer) {
		this.instrumentation = instrumentation;
		this.metricsTrackerFactory = metricsTrackerFactory;
		this.driverCustomizer = driverCustomizer;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof MySqlPools pools) {
			instrument(pools);
		}
		return bean;
	}

	private void instrument(MySqlPools pools) {
		PoolInstrumentation timings = this.instrumentation.getIfAvailable();
		MetricsTrackerFactory forward = this.metricsTrackerFactory.getIfUnique();
		List<PoolDriverCustomizer> customizers = this.driverCustomizer.orderedStream().toList();
		for (MySqlPool pool : pools.getEveryPool()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari == null) {
				continue;
			}
			if (hikari.isRunning() || hikari.isClosed()) {
				logger.debug("Pool '" + pool.getName() + "' already started: not instrumented");
				continue;
			}
			if (timings != null && hikari.getMetricsTrackerFactory() == null && hikari.getMetricRegistry() == null) {
				hikari.setMetricsTrackerFactory(timings.trackerFactory(forward, pool.getLoad()));
			}
			if (hikari.getDataSource() == null) {
				for (PoolDriverCustomizer customizer : customizers) {
					customizer.customize(pool.getName(), hikari);
				}
				String receiver = hikari.getDataSourceProperties().getProperty(SlowQueryInterceptor.RECEIVER_PROPERTY);
				if (receiver != null) {
					SlowQueryInterceptor.feed(receiver, pool.getLoad());
				}
			}
		}
	}

}
