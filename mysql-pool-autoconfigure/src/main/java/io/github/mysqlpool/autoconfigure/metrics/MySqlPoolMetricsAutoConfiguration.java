package io.github.mysqlpool.autoconfigure.metrics;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.metrics.internal.MySqlPoolMeterBinder;
import io.github.mysqlpool.metrics.internal.StatementMeterBinder;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPools;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer meters for the pools: HikariCP's
 * {@code hikaricp.connections.*} meters for every pool (tagged {@code pool=primary},
 * {@code pool=replica-1}...), which Boot's own data source metrics do not cover for the
 * pools the starter builds because they are not beans, and the starter's own meters.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = MySqlPoolMonitorAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, MySqlPools.class })
public final class MySqlPoolMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerMetricsTrackerFactory mySqlPoolHikariMetricsTrackerFactory(MeterRegistry registry) {
		return new MicrometerMetricsTrackerFactory(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	MySqlPoolMeterBinder mySqlPoolMeterBinder(MySqlPools pools, ObjectProvider<SlowQueryLog> slowQueries,
			ObjectProvider<PoolAlerts> alerts) {
		return new MySqlPoolMeterBinder(pools, slowQueries.getIfAvailable(), alerts.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(SlowQueryLog.class)
	StatementMeterBinder mySqlPoolStatementMeterBinder(MySqlPools pools, PoolInstrumentation instrumentation) {
		return new StatementMeterBinder(pools, instrumentation);
	}

}
