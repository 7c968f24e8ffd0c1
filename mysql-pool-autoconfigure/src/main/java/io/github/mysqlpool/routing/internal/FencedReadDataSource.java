package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Hands out the connection of a read fenced by read-your-writes lazily: the replica is
 * chosen, and waited for, at the first statement, so that a read-only transaction that
 * runs none (as one opened around a view may) waits for nothing. Created only when
 * read-your-writes is on, and used only for fenced reads that may wait: each such borrow
 * allocates one proxy.
 *
 * @author mysql-pool team
 */
final class FencedReadDataSource extends LazyConnectionDataSourceProxy {

	private static final Log logger = LogFactory.getLog(FencedReadDataSource.class);

	private final DataSource defaults;

	/**
	 * Create the data source.
	 * @param fencedRead borrows the connection when it is first used
	 * @param defaults a data source whose connections have the default auto-commit and
	 * isolation of every pool, asked once
	 */
	FencedReadDataSource(DataSource fencedRead, DataSource defaults) {
		super(fencedRead);
		this.defaults = defaults;
	}

	/**
	 * Read the defaults from a connection of the writer's pool rather than, as Spring
	 * does, from the target: borrowing from the target would be the fenced read itself,
	 * wait included.
	 */
	@Override
	public void checkDefaultConnectionProperties() {
		if (defaultAutoCommit() != null && defaultTransactionIsolation() != null) {
			return;
		}
		try (Connection connection = this.defaults.getConnection()) {
			checkDefaultConnectionProperties(connection);
		}
		catch (SQLException ex) {
			logger.debug("Could not read the default auto-commit and isolation of the pools", ex);
		}
	}

}
