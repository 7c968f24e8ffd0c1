package io.github.mysqlpool.routing;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routing against a real MySQL 8.4 primary and two GTID replicas in Docker. Skipped, with
 * the reason, where Docker is not available; the same behaviour is tested on MariaDB by
 * {@link RoutingIntegrationTests} everywhere.
 *
 * @author mysql-pool team
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlRoutingContainerTests {

	private static MySqlReplicationContainers mysql;

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void startMySql() throws Exception {
		mysql = new MySqlReplicationContainers().start();
		mysql.executeOnPrimary("CREATE TABLE app.routing_items (id VARCHAR(64) PRIMARY KEY, name VARCHAR(64))");
		mysql.awaitReplicasCaughtUp();
		List<String> replicas = mysql.replicaUrls();
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(RoutingIntegrationTests.ServicesConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + mysql.primaryUrl(),
					"mysql-pool.primary.username=" + MySqlReplicationContainers.USERNAME,
					"mysql-pool.primary.password=" + MySqlReplicationContainers.PASSWORD,
					"mysql-pool.replicas[0].url=" + replicas.get(0), "mysql-pool.replicas[1].url=" + replicas.get(1),
					"mysql-pool.pool.maximum-pool-size=2");
	}

	@AfterAll
	static void stopMySql() {
		if (mysql != null) {
			mysql.close();
		}
	}

	@Test
	void writesLandOnThePrimaryAndReadOnlyReadsOnBothReplicas() {
		contextRunner.run((context) -> {
			assertThat(context.getBean(RoutingIntegrationTests.Writer.class)
				.insertAndReportServer(UUID.randomUUID().toString(), "mysql")).isEqualTo(1);
			Set<Long> servers = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				servers.add(context.getBean(RoutingIntegrationTests.Reader.class).serverId());
			}
			assertThat(servers).containsExactlyInAnyOrder(2L, 3L);
		});
	}

	@Test
	void readOnlyTransactionUsesOneReplicaConnectionThroughout() {
		contextRunner.run((context) -> {
			List<long[]> ids = context.getBean(RoutingIntegrationTests.TransactionalReader.class)
				.connectionAndServerIds();
			assertThat(ids).extracting((pair) -> pair[0]).containsOnly(ids.get(0)[0]);
			assertThat(ids.get(0)[1]).isIn(2L, 3L);
		});
	}

	@Test
	void writeInsideReadOnlyIsRefusedByTheReadOnlyReplicaConnection() {
		// Connector/J refuses it before it reaches the server (SQLState S1009), as it
		// does
		// on MariaDB (RoutingIntegrationTests)
		contextRunner.run((context) -> assertThatExceptionOfType(TransientDataAccessResourceException.class).isThrownBy(
				() -> context.getBean(RoutingIntegrationTests.Reader.class).attemptWrite(UUID.randomUUID().toString()))
			.withMessageContaining("Connection is read-only")
			.satisfies((ex) -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("S1009")));
	}

}
