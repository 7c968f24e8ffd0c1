package io.github.mysqlpool.monitor;

import javax.sql.DataSource;

/**
 * Wraps the data source a pool opens its physical connections from, before the pool
 * starts. Each physical connection is wrapped once, when it is opened, not on every
 * borrow.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface PoolDataSourceDecorator {

	/**
	 * Wrap a pool's physical data source.
	 * @param pool the pool name
	 * @param physical the data source opening the pool's connections
	 * @return the wrapped data source
	 */
	DataSource decorate(String pool, DataSource physical);

}
