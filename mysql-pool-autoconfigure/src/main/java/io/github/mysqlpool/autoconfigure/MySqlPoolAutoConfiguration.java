package io.github.mysqlpool.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Replica;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Auto-configuration of the primary and replica pools built from {@code mysql-pool.*},
 * and of the routing {@link DataSource} in front of them; every
 * {@link io.github.mysqlpool.pool.MySqlPoolCustomizer} adjusts the pools before they
 * start. Runs before Boot's own {@link DataSourceAutoConfiguration}, which then backs
 * off.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(HikariDataSource.class)
@Conditional(MySqlPoolConditions.OwnPrimaryCondition.class)
@EnableConfigurationProperties(MySqlPoolProperties.class)
@Import({ RoutingConfiguration.class, SchedulerConfiguration.class, PoolCustomizationConfiguration.class })
public final class MySqlPoolAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MySqlPools mySqlPools(MySqlPoolProperties properties) {
		HikariPoolFactory factory = new HikariPoolFactory(properties);
		MySqlPoolProperties.Primary primary = properties.getPrimary();
		HikariDataSource primaryPool = factory.create("primary", primary.getUrl(), primary.getUsername(),
				primary.getPassword(), primary.getPool(), false);
		primaryPool.setInitializationFailTimeout(primary.getInitializationFailTimeout().toMillis());
		List<MySqlPool> replicas = replicaPools(properties, factory, primary.getUsername(), primary.getPassword());
		List<MySqlPool> standbys = properties.getTopology().getDiscovery().choosesAmongServers()
				? standbyPools(properties, factory, replicas) : List.of();
		return new MySqlPools(new MySqlPool("primary", PoolRole.PRIMARY, primaryPool, 1), replicas, standbys, true);
	}

	@Bean
	@Primary
	@ConditionalOnMissingBean(DataSource.class)
	MySqlRoutingDataSource dataSource(MySqlPools pools, ReplicaRotation rotation, ReplicaSelector selector,
			MySqlPoolReplicationProperties replication) {
		return new MySqlRoutingDataSource(pools, rotation, selector, replication.getFallback());
	}

	/**
	 * Build, for topology discovery, each server's pool for the role it may take: a read
	 * pool on the primary (named {@code primary-reads}) and a write pool on each replica
	 * ({@code replica-1-writes}), with the settings of the pools of that role. They start
	 * on their first use, that is after a change of roles, and a server that is down then
	 * does not fail them.
	 */
	static List<MySqlPool> standbyPools(MySqlPoolProperties properties, HikariPoolFactory factory,
			List<MySqlPool> replicas) {
		MySqlPoolProperties.Primary primary = properties.getPrimary();
		List<MySqlPool> standbys = new ArrayList<>();
		HikariDataSource primaryReads = factory.create("primary-reads", primary.getUrl(), primary.getUsername(),
				primary.getPassword(), primary.getPool(), true);
		standbys.add(new MySqlPool("primary-reads", "primary", PoolRole.REPLICA, primaryReads, 1));
		for (int i = 0; i < replicas.size(); i++) {
			MySqlPool replica = replicas.get(i);
			HikariDataSource replicaPool = replica.getHikari();
			String name = replica.getName() + "-writes";
			HikariDataSource writes = factory.create(name, replicaPool.getJdbcUrl(), replicaPool.getUsername(),
					replicaPool.getPassword(), primary.getPool(), false);
			writes.setInitializationFailTimeout(-1);
			standbys.add(new MySqlPool(name, replica.getName(), PoolRole.PRIMARY, writes, 1));
		}
		return standbys;
	}

	/**
	 * Build the replica pools; each replica inherits the given credentials unless it sets
	 * its own.
	 */
	static List<MySqlPool> replicaPools(MySqlPoolProperties properties, HikariPoolFactory factory,
			@Nullable String username, @Nullable String password) {
		List<MySqlPool> replicas = new ArrayList<>();
		for (int i = 0; i < properties.getReplicas().size(); i++) {
			Replica replica = properties.getReplicas().get(i);
			String name = properties.replicaName(i);
			HikariDataSource pool = factory.create(name, replica.getUrl(),
					(replica.getUsername() != null) ? replica.getUsername() : username,
					replicaPassword(replica, password), replica.getPool(), true);
			replicas.add(new MySqlPool(name, PoolRole.REPLICA, pool, replica.getWeight()));
		}
		return replicas;
	}

	/**
	 * The password of a replica: its own when it sets its own username or password, else
	 * the one it inherits.
	 */
	static @Nullable String replicaPassword(Replica replica, @Nullable String inherited) {
		return (replica.getUsername() != null || replica.getPassword() != null) ? replica.getPassword() : inherited;
	}

}
