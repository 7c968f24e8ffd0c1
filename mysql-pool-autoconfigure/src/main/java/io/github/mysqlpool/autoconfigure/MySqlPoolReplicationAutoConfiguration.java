package io.github.mysqlpool.autoconfigure;

import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.ReplicaStatus;
import io.github.mysqlpool.pool.ReplicaStatusSource;
import io.github.mysqlpool.replica.lag.internal.FitnessPolicy;
import io.github.mysqlpool.replica.lag.internal.MonitorSettings;
import io.github.mysqlpool.replica.lag.internal.ReplicaMonitor;
import io.github.mysqlpool.rescue.internal.HungServerRescue;
import io.github.mysqlpool.routing.internal.ReplicaRotation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of the replica monitor, which probes the replicas and keeps only the
 * fit ones in rotation, and of the rescue of callers waiting on a server its probes find
 * hung. Without it ({@code mysql-pool.replication.enabled=false}) every replica stays in
 * rotation and reports {@link ReplicaStatus#UNKNOWN}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(after = { MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class })
@ConditionalOnBean({ MySqlPools.class, ReplicaRotation.class })
@EnableConfigurationProperties(MySqlPoolReplicationProperties.class)
public final class MySqlPoolReplicationAutoConfiguration {

	/**
	 * The monitor, unless disabled.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "mysql-pool.replication.enabled", matchIfMissing = true)
	static class MonitorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ReplicaMonitor mySqlPoolReplicaMonitor(MySqlPools pools, ReplicaRotation rotation,
				MySqlPoolReplicationProperties properties, ApplicationEventPublisher events,
				ObjectProvider<HungServerRescue> rescue,
				@Qualifier(SchedulerConfiguration.SCHEDULER_BEAN_NAME) TaskScheduler scheduler) {
			return new ReplicaMonitor(pools, rotation, settings(properties), events, rescue.getIfAvailable(),
					scheduler);
		}

		@Bean
		@ConditionalOnMissingBean(name = "mySqlPoolConnectionErrorProbes")
		MySqlPoolCustomizer mySqlPoolConnectionErrorProbes() {
			return ReplicaMonitor.connectionErrorProbes();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "mysql-pool.replication.abort-on-hang", matchIfMissing = true)
		HungServerRescue mySqlPoolHungServerRescue() {
			return new HungServerRescue();
		}

	}

	@Bean
	@ConditionalOnMissingBean
	ReplicaStatusSource mySqlPoolUnmonitoredReplicaStatus() {
		return (pool) -> ReplicaStatus.UNKNOWN;
	}

	static MonitorSettings settings(MySqlPoolReplicationProperties properties) {
		MySqlPoolReplicationProperties.Heartbeat heartbeat = properties.getHeartbeat();
		return new MonitorSettings(properties.getProbeInterval(), properties.getProbeTimeout(),
				properties.getLagSource(), heartbeat.getTable(), heartbeat.getInterval(), heartbeat.isCreateTable(),
				new FitnessPolicy(properties.getMaxLag(), properties.determineReadmitLag(),
						properties.getReadmitProbes()));
	}

}
