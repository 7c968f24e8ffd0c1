package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out the target's connections switched to read-only, which is how a driver that
 * splits on {@code Connection.setReadOnly} (Connector/J's replication URL, the AWS
 * wrapper's read/write splitting) is told to read from a replica outside a transaction.
 * HikariCP resets the flag when the connection is returned.
 *
 * @author mysql-pool team
 */
final class ReadOnlyConnectionDataSource extends DelegatingDataSource {

	ReadOnlyConnectionDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection connection = obtainTargetDataSource().getConnection();
		connection.setReadOnly(true);
		return connection;
	}

}
