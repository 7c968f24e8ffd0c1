package io.github.mysqlpool.reliability;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.replica.lag.ReplicaStateChangedEvent;
import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.topology.PrimaryChangedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The application under test: the starter on the embedded topology, configured as a
 * service would be, with topology discovery on so that writes follow a switchover or a
 * failover, with a write, three kinds of read and a slow statement.
 *
 * @author mysql-pool team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SoakApplication {

	/** Global max-lag of the replicas. */
	static final Duration MAX_LAG = Duration.ofSeconds(1);

	/** Bound of {@link SoakReads#boundedRead()}, as its annotation says. */
	static final Duration BOUNDED_LAG = Duration.ofMillis(500);

	static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	static final int POOL_SIZE = 8;

	static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

	static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

	static final Duration MAX_LIFETIME = Duration.ofSeconds(30);

	static final Duration RETRY_MAX_ELAPSED = Duration.ofSeconds(10);

	/**
	 * The starter's settings for the run. Connections live 30 s (HikariCP's minimum), so
	 * that a lowered wait_timeout reaches them within a fault.
	 * @param db the topology
	 * @return the properties
	 */
	static String[] properties(ReplicatedMariaDb db) {
		List<String> properties = new ArrayList<>(List.of("spring.main.web-application-type=none",
				"spring.main.banner-mode=off", "mysql-pool.primary.url=" + db.primary().jdbcUrl(),
				"mysql-pool.primary.username=" + db.username(), "mysql-pool.primary.password=" + db.password(),
				"mysql-pool.pool.maximum-pool-size=" + POOL_SIZE,
				"mysql-pool.pool.connection-timeout=" + CONNECTION_TIMEOUT.toMillis() + "ms",
				"mysql-pool.pool.validation-timeout=500ms",
				"mysql-pool.pool.max-lifetime=" + MAX_LIFETIME.toSeconds() + "s", "mysql-pool.pool.keepalive-time=0",
				"mysql-pool.driver.connect-timeout=1s",
				"mysql-pool.driver.socket-timeout=" + SOCKET_TIMEOUT.toMillis() + "ms",
				"mysql-pool.replication.max-lag=" + MAX_LAG.toMillis() + "ms",
				"mysql-pool.replication.probe-interval=" + PROBE_INTERVAL.toMillis() + "ms",
				"mysql-pool.replication.probe-timeout=" + PROBE_TIMEOUT.toMillis() + "ms",
				"mysql-pool.replication.heartbeat.interval=100ms", "mysql-pool.topology.discovery=read-only",
				"mysql-pool.retry.max-attempts=5", "mysql-pool.retry.delay=100ms", "mysql-pool.retry.max-delay=1s",
				"mysql-pool.retry.max-elapsed-time=" + RETRY_MAX_ELAPSED.toMillis() + "ms"));
		for (int i = 0; i < db.replicas().size(); i++) {
			properties.add("mysql-pool.replicas[" + i + "].url=" + db.replica(i).jdbcUrl());
		}
		return properties.toArray(String[]::new);
	}

	@Bean
	SoakWrites soakWrites(JdbcTemplate jdbcTemplate) {
		return new SoakWrites(jdbcTemplate);
	}

	@Bean
	SoakReads soakReads(JdbcTemplate jdbcTemplate) {
		return new SoakReads(jdbcTemplate);
	}

	@Bean
	ReplicaEvents replicaEvents() {
		return new ReplicaEvents();
	}

	/**
	 * The write: a row carrying the request id and the worker's counter, in one
	 * transaction retried as the starter decides.
	 */
	public static class SoakWrites {

		private final JdbcTemplate jdbcTemplate;

		SoakWrites(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@RetryableTransaction
		public void write(String requestId, int worker) {
			this.jdbcTemplate.update("INSERT INTO soak_write (request_id, worker) VALUES (?, ?)", requestId, worker);
			this.jdbcTemplate.update("UPDATE soak_counter SET n = n + 1 WHERE worker = ?", worker);
		}

		/**
		 * A statement that holds a primary connection, not retried.
		 * @param seconds how long it sleeps
		 */
		public void sleepOnPrimary(double seconds) {
			this.jdbcTemplate.queryForObject("SELECT SLEEP(?)", Integer.class, seconds);
		}

	}

	/**
	 * The reads: each one reads the server's id, the heartbeat sequence it holds and the
	 * server's clock, in one statement.
	 */
	public static class SoakReads {

		static final String SQL = "SELECT @@server_id, seq, UNIX_TIMESTAMP(NOW(6)) FROM soak_heartbeat WHERE id = 1";

		private static final RowMapper<Reading> MAPPER = (rows, row) -> {
			BigDecimal now = rows.getBigDecimal(3);
			return new Reading(rows.getLong(1), rows.getLong(2), now.movePointRight(6).longValue());
		};

		private final JdbcTemplate jdbcTemplate;

		SoakReads(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ReadOnly
		public Reading read() {
			return query();
		}

		@ReadOnly(maxLag = "500ms")
		public Reading boundedRead() {
			return query();
		}

		@RetryableTransaction(readOnly = true)
		public Reading transactionalRead() {
			return query();
		}

		private Reading query() {
			return this.jdbcTemplate.queryForObject(SQL, MAPPER);
		}

	}

	/**
	 * What one read saw.
	 *
	 * @param serverId the server that answered
	 * @param seq the heartbeat sequence it held
	 * @param serverMicros the server's clock when the statement ran, microseconds since
	 * the epoch
	 */
	record Reading(long serverId, long seq, long serverMicros) {

	}

	/**
	 * Records the replica monitor's state changes and the changes of writer found by
	 * topology discovery, with their time.
	 */
	static class ReplicaEvents {

		private final List<Change> changes = new ArrayList<>();

		private final List<WriterChange> writerChanges = new ArrayList<>();

		@EventListener
		void onWriterChange(PrimaryChangedEvent event) {
			synchronized (this.writerChanges) {
				this.writerChanges.add(new WriterChange(System.nanoTime(), event.getPrevious(), event.getCurrent()));
			}
		}

		List<WriterChange> writerChanges() {
			synchronized (this.writerChanges) {
				return List.copyOf(this.writerChanges);
			}
		}

		@EventListener
		void onChange(ReplicaStateChangedEvent event) {
			synchronized (this.changes) {
				this.changes.add(new Change(System.nanoTime(), event.getPool(), event.getPrevious().state().name(),
						event.getCurrent().state().name()));
			}
		}

		List<Change> changes() {
			synchronized (this.changes) {
				return List.copyOf(this.changes);
			}
		}

		/**
		 * One state change.
		 *
		 * @param nanos when, from {@link System#nanoTime()}
		 * @param pool the replica
		 * @param from the state before
		 * @param to the state after
		 */
		record Change(long nanos, String pool, String from, String to) {

		}

		/**
		 * One change of the server that takes the writes.
		 *
		 * @param nanos when, from {@link System#nanoTime()}
		 * @param previous the writer before, {@code null} for none
		 * @param current the writer after, {@code null} for none
		 */
		record WriterChange(long nanos, @Nullable String previous, @Nullable String current) {

		}

	}

}
