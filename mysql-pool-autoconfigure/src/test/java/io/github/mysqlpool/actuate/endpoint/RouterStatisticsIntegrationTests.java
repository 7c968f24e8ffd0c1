package io.github.mysqlpool.actuate.endpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolRetryAutoConfiguration;
import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.monitor.MonitorTestSupport;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.RouterSample;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.RoutingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing's counters in {@code GET /actuator/mysqlpool} and its history, on the
 * embedded primary and two replicas: reads per replica, writes, fallbacks with their
 * reason, fenced reads by who served them and why, retries by reason.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class RouterStatisticsIntegrationTests {

	private static final AtomicInteger ids = new AtomicInteger((int) (System.currentTimeMillis() % 1_000_000) * 100);

	@BeforeAll
	static void createTable(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".router_items (id INT PRIMARY KEY, item_value INT NOT NULL)");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(30));
	}

	private static ApplicationContextRunner runner(ReplicatedMariaDb db) {
		return MonitorTestSupport.runner(db)
			.withConfiguration(AutoConfigurations.of(MySqlPoolConsistencyAutoConfiguration.class,
					MySqlPoolRetryAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ReadsConfiguration.class)
			.withPropertyValues("mysql-pool.monitor.sample-interval=100ms", "mysql-pool.consistency.window=1h",
					"mysql-pool.retry.delay=10ms");
	}

	@AfterEach
	void heal(ReplicatedMariaDb db) {
		db.heal();
	}

	@Test
	void endpointAndHistoryCountReadsWritesAndFallbacksWithTheirReason(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			MySqlRoutingDataSource dataSource = context.getBean(MySqlRoutingDataSource.class);
			for (int i = 0; i < 3; i++) {
				dataSource.getConnection().close();
			}
			boolean scope = RoutingContext.enterReadOnlyScope();
			try {
				for (int i = 0; i < 4; i++) {
					dataSource.getConnection().close();
				}
				// The replicas' lag is unknown here: no replica meets a bound of 1 ms
				long bound = RoutingContext.narrowMaxLag(1);
				try {
					dataSource.getConnection().close();
					dataSource.getConnection().close();
				}
				finally {
					RoutingContext.restoreMaxLag(bound);
				}
			}
			finally {
				RoutingContext.restoreReadOnlyScope(scope);
			}
			MySqlPoolEndpoint endpoint = context.getBean(MySqlPoolEndpoint.class);
			DocumentContext json = JsonPath.parse(MonitorTestSupport.toJson(endpoint.pools()));
			assertThat(json.<Integer>read("$.routing.writes")).isEqualTo(3);
			Map<String, Integer> reads = json.read("$.routing.readsPerReplica");
			assertThat(reads).containsOnlyKeys("replica-1", "replica-2");
			assertThat(reads.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
			assertThat(json.<Integer>read("$.routing.fallbacksToPrimary.max-lag")).isEqualTo(2);
			assertThat(json.<Integer>read("$.routing.fallbacksToPrimary.no-replica-in-rotation")).isZero();
			assertThat(json.<Integer>read("$.routing.failedReads.max-lag")).isZero();

			PoolHistory history = context.getBean(PoolHistory.class);
			MonitorTestSupport.await(Duration.ofSeconds(20), () -> {
				List<RouterSample> samples = history.router(null);
				// A sample taken between the writes and the reads has the writes only
				return !samples.isEmpty() && samples.get(samples.size() - 1).writes() == 3
						&& Long.valueOf(2).equals(samples.get(samples.size() - 1).fallbacksToPrimary().get("max-lag"));
			});
			DocumentContext samples = JsonPath
				.parse(MonitorTestSupport.toJson(endpoint.section("history", null, null)));
			assertThat(samples.<List<Integer>>read("$.routing[*].writes")).contains(3);
			assertThat(samples.<List<Integer>>read("$.routing[*].fallbacksToPrimary['max-lag']")).contains(2);
			assertThat(JsonPath.parse(MonitorTestSupport.toJson(endpoint.section("history", "primary", null)))
				.<List<Object>>read("$.routing")).isEmpty();
		});
	}

	@Test
	void fencedReadsAreCountedByWhoServedThemAndWhy(ReplicatedMariaDb db) {
		runner(db)
			.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=10s")
			.run((context) -> {
				Reads reads = context.getBean(Reads.class);
				context.getBean(ReadYourWrites.class).clear();
				int id = ids.incrementAndGet();
				reads.insert(id);
				assertThat(reads.read(id)).isEqualTo(1);
				DocumentContext json = JsonPath
					.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
				assertThat(json.<Integer>read("$.routing.fencedReadsByReplica")).isEqualTo(1);
				assertThat(json.<Integer>read("$.routing.fencedReadsByPrimary.replica-behind")).isZero();
			});
		runner(db)
			.withPropertyValues("mysql-pool.consistency.read-your-writes=gtid",
					"mysql-pool.consistency.gtid-wait-timeout=100ms")
			.run((context) -> {
				Reads reads = context.getBean(Reads.class);
				context.getBean(ReadYourWrites.class).clear();
				for (Node replica : db.replicas()) {
					replica.stopReplicationSqlThread();
				}
				int id = ids.incrementAndGet();
				reads.insert(id);
				assertThat(reads.read(id)).as("served by the primary").isEqualTo(1);
				DocumentContext json = JsonPath
					.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
				assertThat(json.<Integer>read("$.routing.fencedReadsByReplica")).isZero();
				assertThat(json.<Integer>read("$.routing.fencedReadsByPrimary.replica-behind")).isEqualTo(1);
			});
		runner(db).withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window").run((context) -> {
			Reads reads = context.getBean(Reads.class);
			context.getBean(ReadYourWrites.class).clear();
			int id = ids.incrementAndGet();
			reads.insert(id);
			assertThat(reads.read(id)).isEqualTo(1);
			DocumentContext json = JsonPath
				.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
			assertThat(json.<Integer>read("$.routing.fencedReadsByPrimary.primary-window")).isEqualTo(1);
		});
	}

	@Test
	void retriesAreCountedByReason(ReplicatedMariaDb db) {
		runner(db).run((context) -> {
			Reads reads = context.getBean(Reads.class);
			assertThat(reads.readAfterLosingTheFirstConnection(db)).isEqualTo(2);
			DocumentContext json = JsonPath
				.parse(MonitorTestSupport.toJson(context.getBean(MySqlPoolEndpoint.class).pools()));
			Map<String, Integer> retried = json.read("$.routing.retries.retried");
			assertThat(retried).hasSize(1);
			assertThat(retried.keySet().iterator().next()).startsWith("connection-");
			assertThat(retried.values()).containsExactly(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadsConfiguration {

		@Bean
		Reads reads(JdbcTemplate jdbcTemplate) {
			return new Reads(jdbcTemplate);
		}

	}

	static class Reads {

		private final JdbcTemplate jdbcTemplate;

		private final AtomicInteger attempts = new AtomicInteger();

		Reads(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional
		public void insert(int id) {
			this.jdbcTemplate.update("INSERT INTO router_items (id, item_value) VALUES (?, 1)", id);
		}

		@ReadOnly
		public Integer read(int id) {
			return this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM router_items WHERE id = ?", Integer.class,
					id);
		}

		/**
		 * The first attempt has its own connection killed by the server before its query.
		 */
		@ReadOnly
		public int readAfterLosingTheFirstConnection(ReplicatedMariaDb db) {
			int attempt = this.attempts.incrementAndGet();
			return this.jdbcTemplate.execute((Connection connection) -> {
				if (attempt == 1) {
					killOwn(connection, db);
				}
				connection.createStatement().executeQuery("SELECT 1").close();
				return attempt;
			});
		}

		private static void killOwn(Connection connection, ReplicatedMariaDb db) throws SQLException {
			try (ResultSet result = connection.createStatement().executeQuery("SELECT CONNECTION_ID(), @@port")) {
				result.next();
				for (Node node : db.nodes()) {
					if (node.port() == result.getInt(2)) {
						node.killConnection(result.getLong(1));
					}
				}
			}
		}

	}

}
