package io.github.mysqlpool.benchmarks;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.ReadwriteSplittingRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.rule.ReadwriteSplittingDataSourceGroupRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.transaction.TransactionalReadQueryStrategy;
import org.apache.shardingsphere.single.config.SingleRuleConfiguration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Apache ShardingSphere-JDBC read/write splitting over three HikariCP pools: it parses
 * every statement, sends SELECTs outside a transaction to the replicas round-robin, and
 * with the {@code FIXED} strategy keeps a read-only transaction on one replica, as the
 * starter does.
 *
 * @author mysql-pool team
 */
@Configuration(proxyBeanMethods = false)
class ShardingSphereConfiguration {

	@Bean
	ShardingSpherePools shardingSpherePools() {
		ReplicatedMariaDb db = BenchmarkDatabase.get();
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		pools.put("primary", Pools.create("primary", db.primary().jdbcUrl(), db, false));
		pools.put("replica_1", Pools.create("replica-1", db.replica(0).jdbcUrl(), db, true));
		pools.put("replica_2", Pools.create("replica-2", db.replica(1).jdbcUrl(), db, true));
		return new ShardingSpherePools(pools);
	}

	@Bean
	DataSource dataSource(ShardingSpherePools pools) throws SQLException {
		ReadwriteSplittingDataSourceGroupRuleConfiguration group = new ReadwriteSplittingDataSourceGroupRuleConfiguration(
				"readwrite_ds", "primary", List.of("replica_1", "replica_2"), TransactionalReadQueryStrategy.FIXED,
				"round_robin");
		ReadwriteSplittingRuleConfiguration rule = new ReadwriteSplittingRuleConfiguration(List.of(group),
				Map.of("round_robin", new AlgorithmConfiguration("ROUND_ROBIN", new Properties())));
		// Tables outside a sharding rule are only loaded when the single rule names them
		SingleRuleConfiguration singleTables = new SingleRuleConfiguration(List.of("*.*"), null);
		return ShardingSphereDataSourceFactory.createDataSource(BenchmarkDatabase.get().database(),
				Map.copyOf(pools.pools()), List.of(rule, singleTables), new Properties());
	}

	/**
	 * The pools behind ShardingSphere, closed with the context.
	 *
	 * @param pools the pools by ShardingSphere data source name
	 */
	record ShardingSpherePools(Map<String, HikariDataSource> pools) implements DisposableBean {

		@Override
		public void destroy() {
			this.pools.values().forEach(HikariDataSource::close);
		}

	}

}
