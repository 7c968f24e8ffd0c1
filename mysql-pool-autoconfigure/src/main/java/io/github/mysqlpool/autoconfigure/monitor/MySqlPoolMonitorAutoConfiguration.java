package io.github.mysqlpool.autoconfigure.monitor;

import java.time.Clock;
import java.util.Objects;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties;
import io.github.mysqlpool.monitor.alert.internal.AlertWebhook;
import io.github.mysqlpool.monitor.alert.internal.MonitoredServerAvailability;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.history.internal.RouterSampler;
import io.github.mysqlpool.monitor.internal.PoolInstrumentationCustomizer;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.internal.SlowQueryDriverCustomizer;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.sampling.internal.PoolMonitor;
import io.github.mysqlpool.monitor.statement.internal.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.retry.internal.RetryStatistics;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.topology.internal.TopologyMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of pool monitoring: connection timings recorded by each pool's
 * HikariCP tracker, slow statements timed by MySQL Connector/J, and (unless
 * {@code mysql-pool.monitor.enabled=false}) periodic samples with their history, alerts
 * and size recommendations.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class })
@ConditionalOnBean(MySqlPools.class)
@EnableConfigurationProperties({ MySqlPoolMonitorProperties.class, MySqlPoolAlertsProperties.class,
		MySqlPoolOptimizeProperties.class })
public final class MySqlPoolMonitorAutoConfiguration {

	private static final Clock CLOCK = Clock.systemUTC();

	/**
	 * The starter's scheduler, defined with the pools.
	 */
	private static final String SCHEDULER = "mySqlPoolTaskScheduler";

	@Bean
	@ConditionalOnMissingBean
	PoolInstrumentation mySqlPoolInstrumentation(MySqlPoolMonitorProperties properties) {
		return new PoolInstrumentation();
	}

	@Bean
	@ConditionalOnMissingBean
	PoolInstrumentationCustomizer mySqlPoolInstrumentationCustomizer(PoolInstrumentation instrumentation,
			ObjectProvider<MetricsTrackerFactory> metricsTrackerFactory) {
		return new PoolInstrumentationCustomizer(instrumentation, metricsTrackerFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerInfoReader mySqlPoolServerInfoReader(MySqlPoolMonitorProperties properties,
			MySqlPoolProperties poolProperties) {
		return new ServerInfoReader(properties.getServerInfoRefresh(), poolProperties.getDriver().getConnectTimeout(),
				CLOCK);
	}

	@Bean
	@ConditionalOnMissingBean
	PoolSampler mySqlPoolSampler(PoolInstrumentation instrumentation, ObjectProvider<SlowQueryLog> slowQueries,
			ObjectProvider<ReplicaStatusSource> replicaStatus) {
		return new PoolSampler(instrumentation, slowQueries.getIfAvailable(), replicaStatus.getIfAvailable(), CLOCK);
	}

	@Bean
	@ConditionalOnMissingBean
	RouterSampler mySqlPoolRouterSampler(MySqlPools pools, ObjectProvider<MySqlRoutingDataSource> routing,
			ObjectProvider<RetryStatistics> retries) {
		MySqlRoutingDataSource dataSource = routing.getIfUnique();
		return new RouterSampler(pools, (dataSource != null) ? dataSource.getStatistics() : null,
				retries.getIfAvailable(), CLOCK);
	}

	/**
	 * Slow statements, timed by MySQL Connector/J.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.mysql.cj.interceptors.QueryInterceptor")
	@ConditionalOnBooleanProperty(name = "mysql-pool.monitor.slow-query-timing", matchIfMissing = true)
	static class SlowQueryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SlowQueryLog mySqlPoolSlowQueryLog(MySqlPoolMonitorProperties properties) {
			return new SlowQueryLog(properties.getSlowQueryThreshold(), properties.getSlowQueryStatements(), CLOCK);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("mysql-pool.monitor.kill-guard.enabled")
		LongStatementGuard mySqlPoolLongStatementGuard(MySqlPools pools, PoolInstrumentation instrumentation,
				MySqlPoolMonitorProperties properties, MySqlPoolProperties poolProperties,
				@Qualifier(SCHEDULER) TaskScheduler scheduler) {
			MySqlPoolMonitorProperties.KillGuard guard = properties.getKillGuard();
			return new LongStatementGuard(pools, instrumentation, guard.getLimit(), guard.getInterval(),
					poolProperties.getDriver().getConnectTimeout(), scheduler);
		}

		@Bean
		@ConditionalOnMissingBean
		SlowQueryDriverCustomizer mySqlPoolSlowQueryDriverCustomizer(SlowQueryLog log,
				PoolInstrumentation instrumentation) {
			return new SlowQueryDriverCustomizer(log, instrumentation);
		}

	}

	/**
	 * Periodic samples, history, alerts and the optimizer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "mysql-pool.monitor.enabled", matchIfMissing = true)
	static class MonitorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PoolHistory mySqlPoolHistory(MySqlPoolMonitorProperties properties) {
			return new PoolHistory(PoolHistory.capacityFor(properties.getRetention(), properties.getSampleInterval()));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "mysql-pool.alerts.enabled", matchIfMissing = true)
		PoolAlerts mySqlPoolAlerts(MySqlPoolAlertsProperties properties, ApplicationEventPublisher publisher,
				MySqlPools pools, ObjectProvider<TopologyMonitor> topology,
				ObjectProvider<ReplicaMonitor> replicaMonitor) {
			PoolAlerts alerts = new PoolAlerts(AlertRuleThresholds.of(properties), properties.getHysteresis(),
					properties.getRaiseAfter(), properties.getResolveAfter(), properties.getResolvedRetained(),
					publisher, CLOCK);
			// Looked up on each sample: the monitors may be created after the alerts
			alerts.setServerAvailability(() -> new MonitoredServerAvailability(pools, topology.getIfAvailable(),
					replicaMonitor.getIfAvailable())
				.current());
			return alerts;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "mysql-pool.alerts.enabled", matchIfMissing = true)
		@ConditionalOnProperty("mysql-pool.alerts.webhook.url")
		AlertWebhook mySqlPoolAlertWebhook(MySqlPoolAlertsProperties properties) {
			MySqlPoolAlertsProperties.Webhook webhook = properties.getWebhook();
			return new AlertWebhook(Objects.requireNonNull(webhook.getUrl()), webhook.getMaxAttempts(),
					webhook.getRetryDelay(), webhook.getTimeout(), webhook.getQueueCapacity());
		}

		@Bean
		@ConditionalOnMissingBean
		PoolOptimizer mySqlPoolOptimizer(MySqlPoolOptimizeProperties properties, PoolHistory history,
				PoolSampler sampler, ServerInfoReader serverInfo) {
			return new PoolOptimizer(properties.settings(), history, sampler, serverInfo, CLOCK);
		}

		@Bean
		@ConditionalOnMissingBean
		PoolMonitor mySqlPoolMonitor(MySqlPools pools, PoolSampler sampler, PoolHistory history,
				ServerInfoReader serverInfo, ObjectProvider<PoolAlerts> alerts, PoolOptimizer optimizer,
				MySqlPoolMonitorProperties properties, MySqlPoolOptimizeProperties optimizeProperties,
				ObjectProvider<RouterSampler> router, @Qualifier(SCHEDULER) TaskScheduler scheduler) {
			PoolMonitor monitor = new PoolMonitor(pools, sampler, history, serverInfo, alerts.getIfAvailable(),
					optimizer, properties.getSampleInterval(),
					optimizeProperties.isAuto() ? optimizeProperties.getAutoInterval() : null, CLOCK, scheduler);
			monitor.setRouterSampler(router.getIfAvailable());
			return monitor;
		}

	}

}
