package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.autoconfigure.MySqlPoolAutoConfiguration;
import io.github.mysqlpool.autoconfigure.MySqlPoolConsistencyAutoConfiguration;
import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.routing.internal.MySqlRoutingDataSource;
import io.github.mysqlpool.routing.internal.ReadConsistency;
import io.github.mysqlpool.routing.internal.ReplicaRotation;
import io.github.mysqlpool.routing.internal.RoutingContext;
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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Read-only work where Spring would otherwise hand it the wrong connection: inside
 * {@code SUPPORTS} and {@code NOT_SUPPORTED} scopes, which bind their first connection,
 * and on the primary, when no replica is fit or read-your-writes sends the read there.
 * Each statement reports the server ({@code @@server_id}) that ran it.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class ReadOnlyScopeIntegrationTests {

	private static final long PRIMARY_ID = 1;

	private static final Set<Long> REPLICA_IDS = Set.of(2L, 3L);

	private static ApplicationContextRunner contextRunner;

	@BeforeAll
	static void createTableAndRunner(ReplicatedMariaDb db) {
		db.primary()
			.executeAsRoot("CREATE TABLE IF NOT EXISTS " + db.database()
					+ ".scope_items (id VARCHAR(64) PRIMARY KEY, name VARCHAR(64))");
		db.awaitReplicasCaughtUp(Duration.ofSeconds(10));
		contextRunner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MySqlPoolAutoConfiguration.class, DataSourceAutoConfiguration.class,
							DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
							JdbcTemplateAutoConfiguration.class, AopAutoConfiguration.class))
			.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues("mysql-pool.primary.url=" + db.primary().jdbcUrl(),
					"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
					"mysql-pool.replicas[0].url=" + db.replica(0).jdbcUrl(),
					"mysql-pool.replicas[1].url=" + db.replica(1).jdbcUrl(), "mysql-pool.pool.maximum-pool-size=2",
					// One primary connection: the write after a read-only borrow reuses
					// it
					"mysql-pool.primary.pool.maximum-pool-size=1");
	}

	@Test
	void readThenWriteInSupportsScopeRunEachOnItsServer(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			String id = UUID.randomUUID().toString();
			long[] servers = context.getBean(Scopes.class).supportsReadThenWrite(id);
			assertThat(servers[0]).as("read").isIn(REPLICA_IDS);
			assertThat(servers[1]).as("write").isEqualTo(PRIMARY_ID);
			assertThat(db.primary().queryForLong(countSql(db, id))).isEqualTo(1);
		});
	}

	@Test
	void writeThenReadThenWriteInSupportsScopeRunEachOnItsServer(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			String first = UUID.randomUUID().toString();
			String second = UUID.randomUUID().toString();
			long[] servers = context.getBean(Scopes.class).supportsWriteThenReadThenWrite(first, second);
			assertThat(servers[0]).as("first write").isEqualTo(PRIMARY_ID);
			assertThat(servers[1]).as("read").isIn(REPLICA_IDS);
			assertThat(servers[2]).as("second write").isEqualTo(PRIMARY_ID);
			assertThat(db.primary().queryForLong(countSql(db, first))).isEqualTo(1);
			assertThat(db.primary().queryForLong(countSql(db, second))).isEqualTo(1);
		});
	}

	@Test
	void readThenWriteInNotSupportedScopeRunEachOnItsServer(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			String id = UUID.randomUUID().toString();
			long[] servers = context.getBean(Scopes.class).notSupportedReadThenWrite(id);
			assertThat(servers[0]).as("read").isIn(REPLICA_IDS);
			assertThat(servers[1]).as("write").isEqualTo(PRIMARY_ID);
			assertThat(db.primary().queryForLong(countSql(db, id))).isEqualTo(1);
		});
	}

	@Test
	void scopeKeepsItsSynchronizationsAcrossTheRead() {
		contextRunner.run((context) -> {
			AtomicInteger completions = new AtomicInteger();
			long server = context.getBean(Scopes.class).supportsReadWithSynchronization(completions);
			assertThat(server).isIn(REPLICA_IDS);
			assertThat(completions).hasValue(1);
		});
	}

	@Test
	void writeInReadOnlyScopeServedByThePrimaryFailsAndTheNextWriteSucceeds(ReplicatedMariaDb db) {
		contextRunner.run((context) -> {
			context.getBean(ReplicaRotation.class)
				.update(ReplicaSnapshot.of(List.of(), new long[0], "every replica, taken out by the test"));
			assertReadOnlyOnThePrimaryThenWritable(context.getBean(Reader.class), context.getBean(Writer.class), db);
		});
	}

	@Test
	void writeInReadOnlyScopeFencedToThePrimaryFailsAndTheNextWriteSucceeds(ReplicatedMariaDb db) {
		contextRunner.withConfiguration(AutoConfigurations.of(MySqlPoolConsistencyAutoConfiguration.class))
			.withPropertyValues("mysql-pool.consistency.read-your-writes=primary-window",
					"mysql-pool.consistency.window=1m")
			.run((context) -> {
				Writer writer = context.getBean(Writer.class);
				writer.insertAndSessionState(UUID.randomUUID().toString());
				assertReadOnlyOnThePrimaryThenWritable(context.getBean(Reader.class), writer, db);
			});
	}

	@Test
	void replicaConnectionIsReturnedWhenTheReadYourWritesWaitFails() {
		contextRunner.run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			MySqlRoutingDataSource dataSource = new MySqlRoutingDataSource(pools,
					context.getBean(ReplicaRotation.class), new RoundRobinReplicaSelector());
			dataSource.setReadConsistency(new FailingWait());
			for (int i = 0; i < 4; i++) {
				boolean previous = RoutingContext.enterReadOnlyScope();
				try {
					// The wait runs at the read's first statement
					assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> {
						try (Connection connection = dataSource.getConnection();
								Statement statement = connection.createStatement()) {
							statement.execute("SELECT 1");
						}
					}).withMessage("wait failed");
				}
				finally {
					RoutingContext.restoreReadOnlyScope(previous);
				}
			}
			for (MySqlPool replica : pools.getReplicas()) {
				assertThat(replica.getHikari().getHikariPoolMXBean().getActiveConnections()).as(replica.getName())
					.isZero();
			}
		});
	}

	@Test
	void noReplicaConnectionIsHeldWhileThePrimaryIsAskedForItsPosition() {
		contextRunner.run((context) -> {
			MySqlPools pools = context.getBean(MySqlPools.class);
			MySqlRoutingDataSource dataSource = new MySqlRoutingDataSource(pools,
					context.getBean(ReplicaRotation.class), new RoundRobinReplicaSelector());
			PositionFirst consistency = new PositionFirst(pools);
			dataSource.setReadConsistency(consistency);
			boolean previous = RoutingContext.enterReadOnlyScope();
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				assertThat(connection.isReadOnly()).isTrue();
				// The wait runs at the read's first statement
				statement.execute("SELECT 1");
			}
			finally {
				RoutingContext.restoreReadOnlyScope(previous);
			}
			assertThat(consistency.replicaConnectionsWhilePreparing).containsExactly(0);
			assertThat(consistency.waited).isTrue();
		});
	}

	private static void assertReadOnlyOnThePrimaryThenWritable(Reader reader, Writer writer, ReplicatedMariaDb db) {
		long[] read = reader.sessionState();
		assertThat(read[0]).as("server").isEqualTo(PRIMARY_ID);
		assertThat(read[2]).as("session read-only").isEqualTo(1);
		String refused = UUID.randomUUID().toString();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> reader.insert(refused))
			.withMessageContaining("read-only");
		assertThat(db.primary().queryForLong(countSql(db, refused))).isZero();
		String accepted = UUID.randomUUID().toString();
		long[] write = writer.insertAndSessionState(accepted);
		assertThat(write[0]).as("server").isEqualTo(PRIMARY_ID);
		assertThat(write[1]).as("the same pooled connection").isEqualTo(read[1]);
		assertThat(write[2]).as("session read-only").isZero();
		assertThat(db.primary().queryForLong(countSql(db, accepted))).isEqualTo(1);
	}

	private static String countSql(ReplicatedMariaDb db, String id) {
		return "SELECT COUNT(*) FROM " + db.database() + ".scope_items WHERE id = '" + id + "'";
	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

		@Bean
		Writer writer(JdbcTemplate jdbcTemplate) {
			return new Writer(jdbcTemplate);
		}

		@Bean
		Scopes scopes(Reader reader, Writer writer) {
			return new Scopes(reader, writer);
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

		long[] sessionState() {
			return sessionState(this.jdbcTemplate);
		}

		void insert(String id) {
			this.jdbcTemplate.update("INSERT INTO scope_items (id, name) VALUES (?, 'from-read-only')", id);
		}

		static long[] sessionState(JdbcTemplate jdbcTemplate) {
			return jdbcTemplate.queryForObject("SELECT @@server_id, CONNECTION_ID(), @@session.tx_read_only",
					(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) });
		}

	}

	static class Writer {

		private final JdbcTemplate jdbcTemplate;

		Writer(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		long[] insertAndSessionState(String id) {
			this.jdbcTemplate.update("INSERT INTO scope_items (id, name) VALUES (?, 'written')", id);
			return Reader.sessionState(this.jdbcTemplate);
		}

	}

	static class Scopes {

		private final Reader reader;

		private final Writer writer;

		Scopes(Reader reader, Writer writer) {
			this.reader = reader;
			this.writer = writer;
		}

		@Transactional(propagation = Propagation.SUPPORTS)
		long[] supportsReadThenWrite(String id) {
			long read = this.reader.serverId();
			long write = this.writer.insertAndSessionState(id)[0];
			return new long[] { read, write };
		}

		@Transactional(propagation = Propagation.SUPPORTS)
		long[] supportsWriteThenReadThenWrite(String first, String second) {
			long firstWrite = this.writer.insertAndSessionState(first)[0];
			long read = this.reader.serverId();
			long secondWrite = this.writer.insertAndSessionState(second)[0];
			return new long[] { firstWrite, read, secondWrite };
		}

		@Transactional(propagation = Propagation.NOT_SUPPORTED)
		long[] notSupportedReadThenWrite(String id) {
			long read = this.reader.serverId();
			long write = this.writer.insertAndSessionState(id)[0];
			return new long[] { read, write };
		}

		@Transactional(propagation = Propagation.SUPPORTS)
		long supportsReadWithSynchronization(AtomicInteger completions) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					completions.incrementAndGet();
				}

			});
			return this.reader.serverId();
		}

	}

	/**
	 * A read-your-writes policy whose wait on the replica fails with an unexpected
	 * exception.
	 */
	/**
	 * Notes how many replica connections are in use when it is asked to get ready, and
	 * that the wait came after.
	 */
	static class PositionFirst implements ReadConsistency {

		private final MySqlPools pools;

		final List<Integer> replicaConnectionsWhilePreparing = new ArrayList<>();

		boolean waited;

		PositionFirst(MySqlPools pools) {
			this.pools = pools;
		}

		@Override
		public boolean isFenced() {
			return true;
		}

		@Override
		public boolean requiresPrimary() {
			return false;
		}

		@Override
		public void prepareWait() {
			int active = 0;
			for (MySqlPool replica : this.pools.getReplicas()) {
				HikariPoolMXBean running = replica.getHikari().getHikariPoolMXBean();
				active += (running != null) ? running.getActiveConnections() : 0;
			}
			this.replicaConnectionsWhilePreparing.add(active);
		}

		@Override
		public boolean awaitWrites(Connection replicaConnection) {
			this.waited = !this.replicaConnectionsWhilePreparing.isEmpty();
			return true;
		}

		@Override
		public Connection primaryBorrowedOutsideTransaction(Connection primaryConnection) {
			return primaryConnection;
		}

	}

	static class FailingWait implements ReadConsistency {

		@Override
		public boolean isFenced() {
			return true;
		}

		@Override
		public boolean requiresPrimary() {
			return false;
		}

		@Override
		public boolean awaitWrites(Connection replicaConnection) {
			throw new IllegalStateException("wait failed");
		}

		@Override
		public Connection primaryBorrowedOutsideTransaction(Connection primaryConnection) {
			return primaryConnection;
		}

	}

}
