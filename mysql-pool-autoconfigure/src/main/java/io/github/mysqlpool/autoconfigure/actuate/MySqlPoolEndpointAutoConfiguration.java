package io.github.mysqlpool.autoconfigure.actuate;

import java.time.Clock;

import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorProperties;
import io.github.mysqlpool.monitor.alert.internal.PoolAlerts;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSampler;
import io.github.mysqlpool.monitor.history.internal.RouterSampler;
import io.github.mysqlpool.monitor.internal.ServerInfoReader;
import io.github.mysqlpool.monitor.optimize.internal.PoolOptimizer;
import io.github.mysqlpool.monitor.statement.internal.LongStatementGuard;
import io.github.mysqlpool.monitor.statement.internal.SlowQueryLog;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.topology.internal.TopologyMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mysqlpool} Actuator endpoint.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolMonitorAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean({ MySqlPools.class, PoolSampler.class })
@ConditionalOnAvailableEndpoint(MySqlPoolEndpoint.class)
public final class MySqlPoolEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MySqlPoolEndpoint mySqlPoolEndpoint(MySqlPools pools, PoolSampler sampler, ServerInfoReader serverInfo,
			ObjectProvider<SlowQueryLog> slowQueries, ObjectProvider<PoolHistory> history,
			ObjectProvider<PoolAlerts> alerts, ObjectProvider<PoolOptimizer> optimizer,
			MySqlPoolMonitorProperties properties, ObjectProvider<TopologyMonitor> topology,
			ObjectProvider<RouterSampler> router, ObjectProvider<LongStatementGuard> guard) {
		MySqlPoolEndpoint endpoint = new MySqlPoolEndpoint(pools, sampler, serverInfo, slowQueries.getIfAvailable(),
				history.getIfAvailable(), alerts.getIfAvailable(), optimizer.getIfAvailable(),
				properties.getSampleInterval(), properties.getRetention(), Clock.systemUTC());
		endpoint.setTopology(topology.getIfAvailable());
		endpoint.setRouterSampler(router.getIfAvailable());
		endpoint.setStatementGuard(guard.getIfAvailable());
		return endpoint;
	}

}
