package io.github.mysqlpool.autoconfigure.metrics;

import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.metrics.internal.ReplicaMetricsMeterBinder;
import io.github.mysqlpool.metrics.internal.TopologyMeterBinder;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.topology.internal.TopologyMonitor;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the replica lag and fitness meters and the routing meters, bound
 * to every meter registry by Boot's metrics auto-configuration.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolReplicationAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ MySqlPools.class, ReplicaStatusSource.class })
public final class MySqlPoolReplicaMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReplicaMetricsMeterBinder mySqlPoolReplicaMetricsMeterBinder(MySqlPools pools, ReplicaStatusSource statuses,
			ObjectProvider<ReplicaMonitor> monitor, ObjectProvider<MySqlRoutingDataSource> routing) {
		return new ReplicaMetricsMeterBinder(pools, statuses, monitor.getIfAvailable(), routing.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TopologyMonitor.class)
	TopologyMeterBinder mySqlPoolTopologyMeterBinder(TopologyMonitor topology) {
		return new TopologyMeterBinder(topology);
	}

}
