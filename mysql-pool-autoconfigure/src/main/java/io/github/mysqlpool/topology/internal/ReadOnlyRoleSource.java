package io.github.mysqlpool.topology.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * Asynchronous (and semi-synchronous) replication: a server takes writes when
 * {@code read_only} and {@code innodb_read_only} are both off. MySQL's
 * {@code super_read_only} implies {@code read_only}; MariaDB 11.8 reads {@code read_only}
 * as a word ({@code OFF}, {@code ON}, {@code NO_LOCK} ...).
 *
 * @author mysql-pool team
 */
final class ReadOnlyRoleSource implements RoleSource {

	static final String QUERY = "SELECT @@global.read_only, @@global.innodb_read_only";

	@Override
	public Boolean writable(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(QUERY)) {
			resultSet.next();
			return isOff(resultSet.getString(1)) && isOff(resultSet.getString(2));
		}
	}

	static boolean isOff(@Nullable String value) {
		return value != null && (value.equals("0") || value.equalsIgnoreCase("OFF"));
	}

}
