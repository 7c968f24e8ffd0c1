package io.github.mysqlpool.pool;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Adjusts the HikariCP settings of one of the starter's pools before the pool starts.
 * <p>
 * Every bean of this type is applied to each pool of {@link MySqlPools} (the primary,
 * also when it is the application's own {@code spring.datasource} pool, the replicas, and
 * the standby pools of topology discovery) once, when the pools are created and before
 * anything can borrow from them: HikariCP seals a pool's configuration when it starts,
 * after which only the settings of {@code HikariConfigMXBean} may change. A pool that has
 * already started, or that is not a HikariCP pool, is not customized.
 * <p>
 * Customizers run in the order of {@link org.springframework.core.Ordered} or
 * {@link org.springframework.core.annotation.Order @Order}, lowest first. The starter's
 * own adjustments are customizers too, at the orders of the constants below; a customizer
 * without an order runs after all of them, so it sees (and may change) the starter's
 * settings, those the start-up inspection of the server changed included. A customizer
 * must not depend on {@link MySqlPools} or on the routing data source, which are not
 * ready yet.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface MySqlPoolCustomizer {

	/**
	 * Order of the driver defaults: the tuned Connector/J settings, timeouts, TLS and
	 * {@code mysql-pool.driver.properties}, except those the URL or the pool already set.
	 */
	int DRIVER_SETTINGS_ORDER = 100;

	/**
	 * Order of the start-up inspection of the server: max-lifetime below its
	 * {@code wait_timeout}, {@code useInformationSchema=false} for MariaDB 11 through
	 * Connector/J.
	 */
	int SERVER_INSPECTION_ORDER = 200;

	/**
	 * Order of the statement time limit: {@code max_statement_time} or
	 * {@code max_execution_time} added to the driver's {@code sessionVariables}.
	 */
	int STATEMENT_TIME_LIMIT_ORDER = 300;

	/**
	 * Order of the pool instrumentation: the metrics tracker that feeds the timings, and
	 * the slow-statement timing added to Connector/J's {@code queryInterceptors}.
	 */
	int INSTRUMENTATION_ORDER = 400;

	/**
	 * Order of the hung server rescue: the connection tracking added to Connector/J's
	 * {@code queryInterceptors}.
	 */
	int HUNG_SERVER_RESCUE_ORDER = 500;

	/**
	 * Order of the exception overrides with which a failed statement asks for a probe at
	 * once: connection failures on a replica pool (replica monitor), read-only errors on
	 * a write pool (topology discovery).
	 */
	int FAILURE_PROBES_ORDER = 600;

	/**
	 * Customize a pool that has not started yet.
	 * @param pool the pool: its name, role and server
	 * @param dataSource the pool's HikariCP data source, not started yet
	 */
	void customize(MySqlPool pool, HikariDataSource dataSource);

}
