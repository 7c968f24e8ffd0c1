package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work on a bare pool inside a read-only transaction made of exactly the JDBC calls
 * Spring's {@code DataSourceTransactionManager} makes for
 * {@code @Transactional(readOnly = true)}, without the transaction manager itself:
 * setAutoCommit(false), the work, commit, setAutoCommit(true). Since Spring 6.2.13 the
 * manager skips setReadOnly(true) and setReadOnly(false) when its first read-only
 * transaction's connection was read-only already, as a replica pool's connections are;
 * otherwise it makes those calls too, and so does this. The connection is bound the way
 * the manager binds it, so {@code JdbcTemplate} runs on it.
 *
 * @author mysql-pool team
 */
final class BareTransactions {

	private BareTransactions() {
	}

	static <T> T readOnly(DataSource pool, Supplier<T> work) {
		try (Connection connection = pool.getConnection()) {
			boolean toggleReadOnly = !connection.isReadOnly();
			if (toggleReadOnly) {
				connection.setReadOnly(true);
			}
			boolean restoreAutoCommit = connection.getAutoCommit();
			if (restoreAutoCommit) {
				connection.setAutoCommit(false);
			}
			TransactionSynchronizationManager.bindResource(pool, new ConnectionHolder(connection));
			try {
				T result = work.get();
				connection.commit();
				return result;
			}
			finally {
				TransactionSynchronizationManager.unbindResource(pool);
				if (restoreAutoCommit) {
					connection.setAutoCommit(true);
				}
				if (toggleReadOnly) {
					connection.setReadOnly(false);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
