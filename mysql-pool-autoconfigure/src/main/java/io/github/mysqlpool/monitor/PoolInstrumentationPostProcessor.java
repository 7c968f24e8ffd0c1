package io.github.mysqlpool.monitor;

import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.util.DriverDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Instruments the pools the starter built as soon as {@link MySqlPools} exists, before
 * anything borrows from them: HikariCP accepts a metrics tracker factory and a data
 * source only before a pool starts. Sets a tracker factory feeding
 * {@link PoolInstrumentation} (and Micrometer's, when there is one) and, when slow
 * statements are timed, a {@link PoolDataSourceDecorator} around the pool's physical
 * connections.
 * <p>
 * An adopted primary (Boot's own {@code spring.datasource} pool) is left alone: Boot
 * instruments it itself.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolInstrumentationPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(PoolInstrumentationPostProcessor.class);

	private final ObjectProvider<PoolInstrumentation> instrumentation;

	private final ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory;

	private final ObjectProvider<PoolDataSourceDecorator> decorator;

	/**
	 * Create the post-processor.
	 * @param instrumentation where timings are recorded
	 * @param metricsTrackerFactory another tracker factory to forward to, if any
	 * @param decorator wrapper of the pools' physical data sources, if any
	 */
	public PoolInstrumentationPostProcessor(ObjectProvider<PoolInstrumentation> instrumentation,
			ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory,
			ObjectProvider<PoolDataSourceDecorator> decorator) {
		this.instrumentation = instrumentation;
		this.metricsTrackerFactory = metricsTrackerFactory;
		this.decorator = decorator;
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
		PoolDataSourceDecorator wrapper = this.decorator.getIfAvailable();
		for (MySqlPool pool : pools.getAll()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari == null || (pool == pools.getPrimary() && !pools.ownsPrimary())) {
				continue;
			}
			if (hikari.isRunning() || hikari.isClosed()) {
				logger.debug("Pool '" + pool.getName() + "' already started: not instrumented");
				continue;
			}
			if (timings != null && hikari.getMetricsTrackerFactory() == null && hikari.getMetricRegistry() == null) {
				hikari.setMetricsTrackerFactory(timings.trackerFactory(forward));
			}
			if (wrapper != null && hikari.getDataSource() == null && hikari.getJdbcUrl() != null) {
				hikari.setDataSource(wrapper.decorate(pool.getName(), physicalDataSource(hikari)));
			}
		}
	}

	/**
	 * The data source HikariCP would otherwise build itself from the pool's URL, driver
	 * properties and credentials.
	 */
	private static DataSource physicalDataSource(HikariDataSource hikari) {
		Properties properties = new Properties();
		properties.putAll(hikari.getDataSourceProperties());
		return new DriverDataSource(hikari.getJdbcUrl(), hikari.getDriverClassName(), properties, hikari.getUsername(),
				hikari.getPassword());
	}

}
