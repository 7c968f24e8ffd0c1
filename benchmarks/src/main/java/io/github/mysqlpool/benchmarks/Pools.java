package io.github.mysqlpool.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * HikariCP pools for the bare and alternative variants, with the settings the starter
 * gives its own pools by default, so that every variant talks to the servers the same
 * way. {@link StarterOperations} checks that the starter's pools still match.
 *
 * @author mysql-pool team
 */
final class Pools {

	/**
	 * The starter's default Connector/J properties (mysql-pool.driver.*).
	 */
	static final Map<String, String> DRIVER_PROPERTIES;

	static {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cachePrepStmts", "true");
		properties.put("prepStmtCacheSize", "250");
		properties.put("useServerPrepStmts", "true");
		properties.put("prepStmtCacheSqlLimit", "2048");
		properties.put("useLocalSessionState", "true");
		properties.put("rewriteBatchedStatements", "true");
		properties.put("cacheResultSetMetadata", "true");
		properties.put("cacheServerConfiguration", "true");
		properties.put("elideSetAutoCommits", "true");
		properties.put("maintainTimeStats", "false");
		// What the starter's start-up inspection sets for MariaDB 11 through Connector/J
		// (metadata queries only; point operations are unaffected)
		properties.put("useInformationSchema", "false");
		properties.put("connectTimeout", "5000");
		properties.put("socketTimeout", "60000");
		properties.put("characterEncoding", "UTF-8");
		DRIVER_PROPERTIES = Map.copyOf(properties);
	}

	/**
	 * The starter's default pool size (mysql-pool.pool.maximum-pool-size), fixed.
	 */
	static final int POOL_SIZE = 10;

	private Pools() {
	}

	/**
	 * A pool to one server, or to a multi-host URL.
	 * @param name pool name
	 * @param url JDBC URL
	 * @param db the topology, for the credentials
	 * @param replica whether the pool serves reads only, as the starter's replica pools
	 * @return the pool, started on first use
	 */
	static HikariDataSource create(String name, String url, ReplicatedMariaDb db, boolean replica) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName(name);
		pool.setJdbcUrl(url);
		pool.setUsername(db.username());
		pool.setPassword(db.password());
		pool.setMaximumPoolSize(POOL_SIZE);
		pool.setMinimumIdle(POOL_SIZE);
		pool.setKeepaliveTime(120_000);
		pool.setValidationTimeout(5_000);
		pool.setDataSourceProperties(driverProperties());
		if (replica) {
			pool.setReadOnly(true);
			pool.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
		}
		return pool;
	}

	static Properties driverProperties() {
		Properties properties = new Properties();
		properties.putAll(DRIVER_PROPERTIES);
		return properties;
	}

	/**
	 * The driver properties as a URL query string, for drivers configured through the
	 * URL.
	 * @return the query string, without the leading {@code ?}
	 */
	static String driverPropertiesQuery() {
		StringBuilder query = new StringBuilder();
		DRIVER_PROPERTIES.forEach((name, value) -> {
			if (query.length() > 0) {
				query.append('&');
			}
			query.append(name).append('=').append(value);
		});
		return query.toString();
	}

}
