package io.github.mysqlpool.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session settings read back from the embedded servers on each pool's connections, new
 * ones included, and invalid values failing start-up with the property named.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class SessionSettingsIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class))
		.withPropertyValues("mysql-pool.pool.maximum-pool-size=1");

	@Test
	void sharedAndPerPoolSettingsApplyToEveryNewConnection(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db))
			.withPropertyValues(
					"mysql-pool.pool.session.sql-mode=STRICT_TRANS_TABLES, NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO",
					"mysql-pool.pool.session.transaction-isolation=read-committed",
					"mysql-pool.pool.session.time-zone=+02:00",
					"mysql-pool.pool.session.init-sql=SET SESSION group_concat_max_len = 12345",
					"mysql-pool.replicas[0].pool.session.time-zone=-05:00",
					"mysql-pool.replicas[0].pool.session.transaction-isolation=serializable")
			.run((context) -> {
				MySqlPools pools = context.getBean(MySqlPools.class);
				for (MySqlPool pool : pools.getAll()) {
					boolean replica1 = pool.getName().equals("replica-1");
					long first;
					try (Connection connection = pool.getDataSource().getConnection()) {
						first = query(connection, "SELECT CONNECTION_ID()");
						assertSession(connection, pool.getName(), replica1);
					}
					// A new physical connection gets them too
					pool.getHikari().getHikariPoolMXBean().softEvictConnections();
					try (Connection connection = pool.getDataSource().getConnection()) {
						assertThat(query(connection, "SELECT CONNECTION_ID()")).isNotEqualTo(first);
						assertSession(connection, pool.getName(), replica1);
					}
				}
			});
	}

	@Test
	void invalidSqlModeFailsStartupNamingTheProperty(ReplicatedMariaDb db) {
		assertFailure(db, "mysql-pool.pool.session.sql-mode=STRICT_ALL_TABLES';DROP TABLE t",
				"mysql-pool.pool.session.sql-mode");
	}

	@Test
	void invalidTimeZoneFailsStartupNamingTheProperty(ReplicatedMariaDb db) {
		assertFailure(db, "mysql-pool.replicas[0].pool.session.time-zone=+02:00' ,x='1",
				"mysql-pool.replicas[0].pool.session.time-zone");
	}

	@Test
	void sqlModeTheServerRejectsFailsStartupNamingTheProperty(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db))
			.withPropertyValues("mysql-pool.pool.session.sql-mode=STRICT_TRANS_TABLES,NO_SUCH_MODE")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("mysql-pool.pool.session.sql-mode")
					.contains("NO_SUCH_MODE")
					.contains("1231");
				assertThat(analysis.getAction()).contains("SQL mode names");
			});
	}

	@Test
	void timeZoneTheServerDoesNotKnowFailsStartupOfAReplicaNamingTheProperty(ReplicatedMariaDb db) {
		// Without the inspection, the pools' start is the first to connect
		this.contextRunner.withConfiguration(AutoConfigurations.of(MySqlPoolStartupAutoConfiguration.class))
			.withPropertyValues(topology(db))
			.withPropertyValues("mysql-pool.inspect-servers=false",
					"mysql-pool.replicas[1].pool.session.time-zone=Mars/Olympus_Mons")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("mysql-pool.replicas[1].pool.session.time-zone")
					.contains("1298");
				assertThat(analysis.getAction()).contains("time zone tables");
			});
	}

	@Test
	void initStatementTheServerRejectsFailsStartupOfAReplicaNamingTheProperty(ReplicatedMariaDb db) {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MySqlPoolStartupAutoConfiguration.class))
			.withPropertyValues(topology(db))
			.withPropertyValues("mysql-pool.pool.connection-timeout=5s",
					"mysql-pool.replicas[0].pool.session.init-sql=SET SESSION no_such_variable = 1")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("mysql-pool.replicas[0].pool.session.init-sql")
					.contains("1193");
				assertThat(analysis.getAction()).contains("Fix the statement");
			});
	}

	@Test
	void invalidIsolationFailsStartupNamingTheProperty(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(topology(db))
			.withPropertyValues("mysql-pool.pool.session.transaction-isolation=snapshot")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("mysql-pool.pool.session.transaction-isolation"));
	}

	private void assertFailure(ReplicatedMariaDb db, String property, String name) {
		this.contextRunner.withPropertyValues(topology(db)).withPropertyValues(property).run((context) -> {
			FailureAnalysis analysis = new InvalidMySqlPoolPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(name);
		});
	}

	private static FailureAnalysis analysis(Throwable startupFailure) {
		assertThat(startupFailure).as("start-up failure").isNotNull();
		FailureAnalysis analysis = new InvalidMySqlPoolPropertyFailureAnalyzer().analyze(startupFailure);
		assertThat(analysis).as("analysis of %s", startupFailure).isNotNull();
		return analysis;
	}

	private static void assertSession(Connection connection, String pool, boolean replica1) throws SQLException {
		assertThat(string(connection, "SELECT @@session.sql_mode")).as(pool)
			.isEqualTo("STRICT_TRANS_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO");
		assertThat(string(connection, "SELECT @@session.time_zone")).as(pool).isEqualTo(replica1 ? "-05:00" : "+02:00");
		assertThat(string(connection, "SELECT @@session.transaction_isolation")).as(pool)
			.isEqualTo(replica1 ? "SERIALIZABLE" : "READ-COMMITTED");
		assertThat(query(connection, "SELECT @@session.group_concat_max_len")).as(pool).isEqualTo(12345);
		assertThat(query(connection, "SELECT @@session.transaction_read_only")).as(pool)
			.isEqualTo(pool.startsWith("replica") ? 1 : 0);
	}

	private static long query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

	private static String string(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

	private static String[] topology(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl() };
	}

}
