package io.github.mysqlpool.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-pool statement time limit on the embedded MariaDB primary and replicas: set by
 * the server on every connection ({@code max_statement_time}), a replica default that a
 * replica's own setting replaces, none on the primary unless asked, and a statement past
 * the limit stopped by the server.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class StatementTimeoutIntegrationTests {

	@Test
	void eachPoolsServerLimitsItsStatements(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.replicas[0].pool.statement-timeout=1500ms")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(limit(pools.getPrimary().getDataSource())).as("primary: none by default").isZero();
				assertThat(limit(pools.get("replica-1").getDataSource())).isEqualTo(1.5);
				assertThat(limit(pools.get("replica-2").getDataSource())).as("replica default").isEqualTo(300.0);
				long started = System.nanoTime();
				int interrupted;
				try {
					interrupted = sleep(pools.get("replica-1").getDataSource(), 20);
				}
				catch (SQLException ex) {
					assertThat(ex.getErrorCode()).isEqualTo(1969);
					interrupted = 1;
				}
				assertThat(interrupted).isOne();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
			});
	}

	@Test
	void sharedLimitsApplyToThePrimaryAndTheReplicas(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.pool.statement-timeout=30s", "mysql-pool.pool.replica-statement-timeout=0")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				assertThat(limit(pools.getPrimary().getDataSource())).isEqualTo(30.0);
				assertThat(limit(pools.get("replica-1").getDataSource())).isZero();
			});
	}

	@Test
	void negativeLimitFailsStartUpNamingTheProperty(ReplicatedMariaDb db) {
		MonitorTestSupport.runner(db)
			.withPropertyValues("mysql-pool.replicas[1].pool.statement-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidMySqlPoolPropertyException.class)
				.hasMessageContaining("statement-timeout"));
	}

	private static double limit(DataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@SESSION.max_statement_time")) {
			result.next();
			return result.getDouble(1);
		}
	}

	private static int sleep(DataSource pool, int seconds) throws SQLException {
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT SLEEP(" + seconds + ")")) {
			result.next();
			return result.getInt(1);
		}
	}

}
