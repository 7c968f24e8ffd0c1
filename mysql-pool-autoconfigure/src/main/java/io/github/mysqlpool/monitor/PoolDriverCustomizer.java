package io.github.mysqlpool.monitor;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Adds driver settings to a pool the starter built, before the pool opens its first
 * connection.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface PoolDriverCustomizer {

	/**
	 * Customize a pool's driver settings.
	 * @param pool the pool name
	 * @param hikari the pool, not started yet
	 */
	void customize(String pool, HikariDataSource hikari);

}
