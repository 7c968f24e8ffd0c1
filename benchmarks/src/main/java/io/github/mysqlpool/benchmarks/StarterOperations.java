package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter: its auto-configuration from {@code mysql-pool.*} properties, one primary
 * and two replicas, everything else at its defaults.
 *
 * @author mysql-pool team
 */
final class StarterOperations {

	private StarterOperations() {
	}

	static SpringOperations start(ReplicatedMariaDb db) {
		return start(db, 2);
	}

	static SpringOperations start(ReplicatedMariaDb db, int replicas) {
		SpringOperations operations = SpringOperations.start(StarterConfiguration.class, properties(db, replicas));
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
		return properties;
	}

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
			if (!expected.equals(hikari.getDataSourceProperties()) || hikari.getMaximumPoolSize() != Pools.POOL_SIZE) {
				throw new IllegalStateException("Pool " + pool.getName() + " has driver properties "
						+ hikari.getDataSourceProperties() + " and size " + hikari.getMaximumPoolSize()
						+ ", the bare pools " + expected + " and size " + Pools.POOL_SIZE + ": update Pools");
			}
		}
	}

	/**
	 * The starter's auto-configuration, as an application gets it from the starter.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(MySqlPoolAutoConfiguration.class)
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
