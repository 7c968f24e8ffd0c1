package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolExistingPrimaryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolObservationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolReplicationAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolStartupAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolTopologyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.actuate.MySqlPoolEndpointAutoConfiguration;
import io.github.mysqlpool.autoconfigure.health.MySqlPoolHealthContributorAutoConfiguration;
import io.github.mysqlpool.autoconfigure.jpa.MySqlPoolJpaAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolMetricsAutoConfiguration;
import io.github.mysqlpool.autoconfigure.metrics.MySqlPoolReplicaMetricsAutoConfiguration;
import io.github.mysqlpool.autoconfigure.monitor.MySqlPoolMonitorAutoConfiguration;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter: all its auto-configurations from {@code mysql-pool.*} properties, one
 * primary and two replicas, everything else at its defaults.
 *
 * @author mysql-pool team
 */
final class StarterOperations {

	/**
	 * Properties given on the command line, on top of the defaults: the run is then no
	 * longer of the defaults, and the report says so.
	 */
	private static final Map<String, Object> extraProperties = new LinkedHashMap<>();

	private StarterOperations() {
	}

	/**
	 * Give the starter variants one more property.
	 * @param assignment {@code name=value}
	 */
	static void addProperty(String assignment) {
		int equals = assignment.indexOf('=');
		if (equals <= 0) {
			throw new IllegalArgumentException("Expected name=value, got " + assignment);
		}
		extraProperties.put(assignment.substring(0, equals), assignment.substring(equals + 1));
	}

	static Map<String, Object> extraProperties() {
		return Map.copyOf(extraProperties);
	}

	static SpringOperations start(ReplicatedMariaDb db) {
		return start(db, 2);
	}

	static SpringOperations start(ReplicatedMariaDb db, int replicas) {
		return start(db, replicas, Map.of());
	}

	static SpringOperations start(ReplicatedMariaDb db, int replicas, Map<String, Object> more) {
		checkAllAutoConfigurationsImported();
		Map<String, Object> properties = properties(db, replicas);
		properties.putAll(more);
		SpringOperations operations = SpringOperations.start(StarterConfiguration.class, properties);
		checkPoolsMatchBareOnes(operations.context());
		return operations;
	}

	static Map<String, Object> properties(ReplicatedMariaDb db, int replicas) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("mysql-pool.primary.url", db.primary().jdbcUrl());
		properties.put("mysql-pool.primary.username", db.username());
		properties.put("mysql-pool.primary.password", db.password());
		for (int i = 0; i < replicas; i++) {
			properties.put("mysql-pool.replicas[" + i + "].url", db.replica(i).jdbcUrl());
		}
		properties.putAll(extraProperties);
		return properties;
	}

	/**
	 * The benchmark is of the starter as an application gets it: fail the run if the
	 * starter registers an auto-configuration that {@link StarterConfiguration} misses.
	 */
	private static void checkAllAutoConfigurationsImported() {
		List<String> imported = Arrays
			.stream(StarterConfiguration.class.getAnnotation(ImportAutoConfiguration.class).value())
			.map(Class::getName)
			.toList();
		for (String candidate : ImportCandidates.load(AutoConfiguration.class,
				StarterOperations.class.getClassLoader())) {
			if (candidate.startsWith("io.github.mysqlpool.") && !imported.contains(candidate)) {
				throw new IllegalStateException("The starter registers " + candidate
						+ ", which the benchmark's StarterConfiguration does not import: add it");
			}
		}
	}

	/**
	 * The driver properties with which the starter's monitoring has Connector/J time
	 * statements and track each physical connection for the rescue from a hung server,
	 * and the session variables of the replicas' statement time limit: features of the
	 * starter, whose cost the benchmarks include.
	 */
	private static final List<String> FEATURE_DRIVER_PROPERTIES = List.of("queryInterceptors",
			"mysqlPoolSlowQueryReceiver", "mysqlPoolTrackedConnections", "sessionVariables");

	/**
	 * The comparison with bare pools is only fair while both use the same driver settings
	 * and pool size: fail the run if the starter's defaults have drifted.
	 */
	private static void checkPoolsMatchBareOnes(ConfigurableApplicationContext context) {
		for (MySqlPool pool : context.getBean(MySqlPools.class).getAll()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari == null) {
				throw new IllegalStateException("No HikariCP pool behind " + pool.getName());
			}
			Properties expected = Pools.driverProperties();
			Properties actual = new Properties();
			actual.putAll(hikari.getDataSourceProperties());
			FEATURE_DRIVER_PROPERTIES.forEach(actual::remove);
			if (!expected.equals(actual) || hikari.getMaximumPoolSize() != Pools.POOL_SIZE) {
				throw new IllegalStateException("Pool " + pool.getName() + " has driver properties " + actual
						+ " and size " + hikari.getMaximumPoolSize() + ", the bare pools " + expected + " and size "
						+ Pools.POOL_SIZE + ": update Pools");
			}
		}
	}

	/**
	 * Every auto-configuration of the starter, as an application gets them from the
	 * starter: routing, replica monitor, topology discovery (off by default), retry,
	 * consistency, pool monitoring with its per-borrow timings and slow-statement timing,
	 * at their defaults.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MySqlPoolAutoConfiguration.class, MySqlPoolExistingPrimaryAutoConfiguration.class,
			MySqlPoolJpaAutoConfiguration.class, MySqlPoolRetryAutoConfiguration.class,
			MySqlPoolReplicationAutoConfiguration.class, MySqlPoolHealthContributorAutoConfiguration.class,
			MySqlPoolReplicaMetricsAutoConfiguration.class, MySqlPoolMonitorAutoConfiguration.class,
			MySqlPoolMetricsAutoConfiguration.class, MySqlPoolEndpointAutoConfiguration.class,
			MySqlPoolConsistencyAutoConfiguration.class, MySqlPoolTopologyAutoConfiguration.class,
			MySqlPoolObservationAutoConfiguration.class, MySqlPoolStartupAutoConfiguration.class })
	static class StarterConfiguration {

		@Bean
		ReadOnlyBorrower readOnlyBorrower(DataSource dataSource) {
			return new ReadOnlyBorrower(dataSource);
		}

	}

	/**
	 * Borrows and returns one connection inside a {@link ReadOnly} method: the whole cost
	 * the starter adds to a read, the AOP call included, without the query.
	 */
	public static class ReadOnlyBorrower {

		private final DataSource dataSource;

		ReadOnlyBorrower(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@ReadOnly
		public Connection borrowAndClose() throws SQLException {
			Connection connection = this.dataSource.getConnection();
			connection.close();
			return connection;
		}

	}

}
