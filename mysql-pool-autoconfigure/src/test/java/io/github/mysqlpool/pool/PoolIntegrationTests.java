package io.github.mysqlpool.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.internal.InspectedServer;
import io.github.mysqlpool.pool.internal.ServerInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pool behaviour against real servers: the wait_timeout cap and connections the server
 * closes.
 *
 * @author mysql-pool team
 */
@ExtendWith({ EmbeddedMariaDbExtension.class, OutputCaptureExtension.class })
class PoolIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MySqlPoolAutoConfiguration.class));

	private static String[] primaryProperties(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password() };
	}

	@Test
	void maxLifetimeIsCappedBelowASmallWaitTimeout(ReplicatedMariaDb db, CapturedOutput output) {
		db.primary().executeAsRoot("SET GLOBAL wait_timeout = 60");
		try {
			this.contextRunner.withPropertyValues(primaryProperties(db))
				.withPropertyValues("mysql-pool.pool.max-lifetime=30m")
				.run((context) -> {
					long maxLifetime = context.getBean(MySqlPools.class).getPrimary().getHikari().getMaxLifetime();
					assertThat(maxLifetime).isEqualTo(54_000);
					assertThat(output)
						.contains("max-lifetime 1800000 ms is not below the server's wait_timeout of 60 s")
						.contains("lowering max-lifetime to 54000 ms")
						.doesNotContain(db.password());
				});
		}
		finally {
			db.primary().executeAsRoot("SET GLOBAL wait_timeout = 28800");
		}
	}

	@Test
	void inspectionRecordsTheServerAndTurnsOffTheDriversInformationSchemaForMariaDb11(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(primaryProperties(db)).run((context) -> {
			MySqlPool primary = context.getBean(MySqlPools.class).getPrimary();
			InspectedServer server = context.getBean(ServerInspector.class).inspected(primary);
			assertThat(server.version().mariaDb()).isTrue();
			assertThat(server.version().major()).isEqualTo(11);
			assertThat(server.waitTimeoutSeconds()).isEqualTo(28800);
			assertThat(server.maxConnections()).isPositive();
			assertThat(primary.getHikari().getDataSourceProperties()).containsEntry("useInformationSchema", "false");
			try (Connection connection = primary.getDataSource().getConnection()) {
				assertThat(connection.getMetaData().getSQLKeywords()).isNotEmpty();
			}
		});
	}

	@Test
	void maxLifetimeBelowWaitTimeoutIsLeftAlone(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(primaryProperties(db))
			.withPropertyValues("mysql-pool.pool.max-lifetime=10m")
			.run((context) -> assertThat(context.getBean(MySqlPools.class).getPrimary().getHikari().getMaxLifetime())
				.isEqualTo(600_000));
	}

	@Test
	void connectionKilledByTheServerIsNotHandedOutAgain(ReplicatedMariaDb db) {
		this.contextRunner.withPropertyValues(primaryProperties(db))
			.withPropertyValues("mysql-pool.pool.maximum-pool-size=1")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				long killed;
				try (Connection connection = dataSource.getConnection()) {
					killed = connectionId(connection);
				}
				db.primary().killConnection(killed);
				// HikariCP skips the liveness check for a connection used in the last 500
				// ms
				Thread.sleep(600);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connectionId(connection)).isNotEqualTo(killed);
				}
			});
	}

	private static long connectionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT CONNECTION_ID()")) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

}
