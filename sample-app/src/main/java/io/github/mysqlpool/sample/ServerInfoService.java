package io.github.mysqlpool.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shows routing at work: reports the pool and server behind a read and behind a write.
 *
 * @author mysql-pool team
 */
@Service
public class ServerInfoService {

	private final JdbcTemplate jdbcTemplate;

	private final MySqlPools pools;

	ServerInfoService(JdbcTemplate jdbcTemplate, MySqlPools pools) {
		this.jdbcTemplate = jdbcTemplate;
		this.pools = pools;
	}

	@ReadOnly
	public ServerInfo read() {
		return describe();
	}

	@Transactional
	public ServerInfo write() {
		return describe();
	}

	private ServerInfo describe() {
		return this.jdbcTemplate.execute((ConnectionCallback<ServerInfo>) this::describe);
	}

	private ServerInfo describe(Connection connection) throws SQLException {
		MySqlPool pool = this.pools.poolOf(connection);
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT @@server_id")) {
			resultSet.next();
			return new ServerInfo((pool != null) ? pool.getName() : "unknown", resultSet.getLong(1));
		}
	}

}
