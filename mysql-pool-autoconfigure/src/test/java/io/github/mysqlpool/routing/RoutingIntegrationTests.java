package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routing against a real primary and two real replicas: which server answers, over which
 * connection, with which statements.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class RoutingIntegrationTests {

	private static final int PRIMARY_ID = 1;

	private static final Set<Long> REPLICA_IDS = Set.of(2L, 3L);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".routing_items (id VARCHAR(64) PRIMARY KEY, name VARCHAR(64))");
		db.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues(topologyProperties(db));
	}

	static String[] topologyProperties(ReplicatedMariaDb db) {
		return new String[] { "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
				"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2" };
	}

	@Test
	void writesLandOnThePrimary(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			String id = UUID.randomUUID().toString();
			long serverId = context.getBean(Writer.class).insertAndReportServer(id, "written");
			assertThat(serverId).isEqualTo(PRIMARY_ID);
			assertThat(db.primary().queryForLong(countSql(db, id))).isEqualTo(1);
		});
	}

	@Test
	void readOnlyReadsLandOnReplicasAndUseBoth() {
		contextRunner.run((context) -> {
			Reader reader = context.getBean(Reader.class);
			Set<Long> servers = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				servers.add(reader.serverId());
			}
			assertThat(servers).isEqualTo(REPLICA_IDS);
		});
	}

	@Test
	void readOnlyReadIsOneStatementWithoutTransactionStatements(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			Reader reader = context.getBean(Reader.class);
			warmUp(reader, context.getBean(MySqlPools.class));
			Map<String, Long> before = replicaCounters(db);
			Map<String, Long> measuringCost = subtract(replicaCounters(db), before);
			before = replicaCounters(db);
			int reads = 40;
			for (int i = 0; i < reads; i++) {
				reader.serverId();
			}
			Map<String, Long> delta = subtract(subtract(replicaCounters(db), before), measuringCost);
			assertThat(delta.get("Com_select")).isEqualTo(reads);
			assertThat(delta.get("Com_commit")).isZero();
			assertThat(delta.get("Com_rollback")).isZero();
			assertThat(delta.get("Com_begin")).isZero();
			assertThat(delta.get("Com_set_option")).isZero();
		});
	}

	@Test
	void readOnlyTransactionCommitsOnTheReplicaInsteadOfRunningBareStatements(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			TransactionalReader reader = context.getBean(TransactionalReader.class);
			warmUp(context.getBean(Reader.class), context.getBean(MySqlPools.class));
			Map<String, Long> before = replicaCounters(db);
			Map<String, Long> measuringCost = subtract(replicaCounters(db), before);
			before = replicaCounters(db);
			reader.connectionAndServerIds();
			Map<String, Long> delta = subtract(subtract(replicaCounters(db), before), measuringCost);
			assertThat(delta.get("Com_select")).isEqualTo(5);
			assertThat(delta.get("Com_commit")).isEqualTo(1);
		});
	}

	@Test
	void readOnlyTransactionUsesOneReplicaConnectionThroughout() {
		contextRunner.run((context) -> {
			TransactionalReader reader = context.getBean(TransactionalReader.class);
			Set<Long> servers = new HashSet<>();
			for (int attempt = 0; attempt < 4; attempt++) {
				List<long[]> ids = reader.connectionAndServerIds();
				assertThat(ids).extracting((pair) -> pair[0]).containsOnly(ids.get(0)[0]);
				assertThat(ids).extracting((pair) -> pair[1]).containsOnly(ids.get(0)[1]);
				servers.add(ids.get(0)[1]);
			}
			assertThat(servers).isSubsetOf(REPLICA_IDS);
		});
	}

	@Test
	void readWriteTransactionNeverTouchesAReplica(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			for (int i = 0; i < 5; i++) {
				assertThat(context.getBean(Writer.class).insertAndReportServer(UUID.randomUUID().toString(), "rw"))
					.isEqualTo(PRIMARY_ID);
			}
			MySqlPools pools = context.getBean(MySqlPools.class);
			assertThat(pools.getReplicas())
				.allSatisfy((replica) -> assertThat(replica.getHikari().isRunning()).isFalse());
		});
	}

	@Test
	void writeInsideReadOnlyFailsClearlyAndChangesNothing(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			String id = UUID.randomUUID().toString();
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> context.getBean(Reader.class).attemptWrite(id))
				.withMessageContaining("Connection is read-only")
				.satisfies((ex) -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("S1009"));
			db.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(10));
			for (Node node : db.nodes()) {
				assertThat(node.queryForLong(countSql(db, id))).as(node.name()).isZero();
			}
		});
	}

	@Test
	void replicaSessionsAreReadOnlyOnTheServerAndTheServerRefusesWrites(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			for (MySqlPool replica : context.getBean(MySqlPools.class).getReplicas()) {
				try (Connection connection = replica.getDataSource().getConnection();
						Statement statement = connection.createStatement()) {
					try (ResultSet resultSet = statement.executeQuery("SELECT @@session.tx_read_only")) {
						resultSet.next();
						assertThat(resultSet.getInt(1)).as(replica.getName()).isEqualTo(1);
					}
					// Past the driver's own check, the server still refuses
					connection.setReadOnly(false);
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> statement.executeUpdate(
								"INSERT INTO routing_items (id, name) VALUES ('" + UUID.randomUUID() + "', 'bypass')"))
						.satisfies((ex) -> assertThat(ex.getErrorCode()).isIn(1290, 1792));
				}
			}
		});
	}

	@Test
	void readOnlyInsideReadWriteTransactionStaysOnThePrimaryConnection() {
		contextRunner.run((context) -> {
			long[] outerAndInner = context.getBean(Writer.class).readThroughReadOnlyServiceInsideTransaction();
			assertThat(outerAndInner[0]).isEqualTo(outerAndInner[1]);
			assertThat(outerAndInner[2]).isEqualTo(PRIMARY_ID);
		});
	}

	@Test
	void withoutReplicasEverythingGoesToThePrimary(ReplicatedMariaDb db) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password())
			.run((context) -> {
				assertThat(context.getBean(Reader.class).serverId()).isEqualTo(PRIMARY_ID);
				assertThat(context.getBean(TransactionalReader.class).connectionAndServerIds().get(0)[1])
					.isEqualTo(PRIMARY_ID);
			});
	}

	/**
	 * Start the replica pools and wait until they are full, so that no connection set-up
	 * statement falls into a measurement.
	 */
	private static void warmUp(Reader reader, MySqlPools pools) throws InterruptedException {
		for (int i = 0; i < 10; i++) {
			reader.serverId();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!pools.getReplicas()
			.stream()
			.allMatch((replica) -> replica.getHikari().getHikariPoolMXBean().getTotalConnections() == 2)) {
			assertThat(System.nanoTime()).as("replica pools not full").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String countSql(ReplicatedMariaDb db, String id) {
		return "SELECT COUNT(*) FROM " + db.database() + ".routing_items WHERE id = '" + id + "'";
	}

	private static final List<String> COUNTERS = List.of("Com_select", "Com_commit", "Com_rollback", "Com_begin",
			"Com_set_option");

	private static Map<String, Long> replicaCounters(ReplicatedMariaDb db) {
		Map<String, Long> totals = new java.util.HashMap<>();
		for (Node replica : db.replicas()) {
			for (String counter : COUNTERS) {
				long value = replica
					.queryForLong("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '"
							+ counter.toUpperCase(java.util.Locale.ROOT) + "'");
				totals.merge(counter, value, Long::sum);
			}
		}
		return totals;
	}

	private static Map<String, Long> subtract(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> delta = new java.util.HashMap<>();
		after.forEach((name, value) -> delta.put(name, value - before.getOrDefault(name, 0L)));
		return delta;
	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		TransactionalReader transactionalReader(JdbcTemplate jdbcTemplate) {
			return new TransactionalReader(jdbcTemplate);
		}

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate, Reader reader) {
			return new Writer(jdbcTemplate, reader);
		}

	}

	@ReadOnly
	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		long serverId() {
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

		long[] connectionAndServerId() {
			return this.jdbcTemplate.queryForObject("SELECT CONNECTION_ID(), @@server_id",
					(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) });
		}

		void attemptWrite(String id) {
			this.jdbcTemplate.update("INSERT INTO routing_items (id, name) VALUES (?, 'from-read-only')", id);
		}

	}

	static class TransactionalReader {

		private final JdbcTemplate jdbcTemplate;

		TransactionalReader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional(readOnly = true)
		List<long[]> connectionAndServerIds() {
			List<long[]> ids = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				ids.add(this.jdbcTemplate.queryForObject("SELECT CONNECTION_ID(), @@server_id",
						(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) }));
			}
			return ids;
		}

	}

	static class Writer {

		private final JdbcTemplate jdbcTemplate;

		private final Reader reader;

		Writer(JdbcTemplate jdbcTemplate, Reader reader) {
			this.jdbcTemplate = jdbcTemplate;
			this.reader = reader;
		}

		@Transactional
		long insertAndReportServer(String id, String name) {
			this.jdbcTemplate.update("INSERT INTO routing_items (id, name) VALUES (?, ?)", id, name);
			return this.jdbcTemplate.queryForObject("SELECT @@server_id", Long.class);
		}

		@Transactional
		long[] readThroughReadOnlyServiceInsideTransaction() {
			long outerConnection = this.jdbcTemplate.queryForObject("SELECT CONNECTION_ID()", Long.class);
			long[] inner = this.reader.connectionAndServerId();
			return new long[] { outerConnection, inner[0], inner[1] };
		}

	}

}
