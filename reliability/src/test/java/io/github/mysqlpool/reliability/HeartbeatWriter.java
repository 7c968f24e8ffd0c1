package io.github.mysqlpool.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import io.github.mysqlpool.embedded.Node;
import org.jspecify.annotations.Nullable;

/**
 * The suite's own clock of freshness: writes an increasing sequence number into one row
 * on the current primary every interval, as a user of its own over a connection of its
 * own (not through the starter, and not killed with the application's sessions), and
 * remembers when each write was acknowledged. A read that saw sequence {@code s} missed
 * every later acknowledged write, so {@link Acknowledgements#staleMicros} can tell how
 * stale it was.
 * <p>
 * The user has no privilege beyond the table, so a server's {@code read_only} applies to
 * it: a demoted primary refuses its writes and it moves to the new primary. There it
 * first reads the sequence the new primary holds: heartbeats acknowledged by the old
 * primary beyond it were lost in a failover (asynchronous replication), are no longer
 * counted as acknowledged, and are reported. It also records which server it wrote to
 * from when, so that reads answered by the primary of the moment can be told apart.
 *
 * @author mysql-pool team
 */
final class HeartbeatWriter implements AutoCloseable {

	static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS soak_heartbeat "
			+ "(id INT PRIMARY KEY, seq BIGINT NOT NULL, ts TIMESTAMP(6) NOT NULL)";

	static final String USER = "soak_heartbeat";

	static final String PASSWORD = "soak-heartbeat-pass";

	private final Supplier<Node> primary;

	private final String database;

	private final Duration interval;

	private final Acknowledgements acknowledgements = new Acknowledgements();

	private final Thread thread;

	private volatile boolean running = true;

	private final List<Writer> writers = new ArrayList<>();

	private final List<Long> lost = new ArrayList<>();

	private @Nullable Connection connection;

	private @Nullable Node writtenTo;

	private long lastAcknowledged;

	private long failures;

	/**
	 * Create the writer.
	 * @param primary the current primary, asked again for each new connection
	 * @param database the database holding {@link #CREATE_TABLE}
	 * @param interval time between two heartbeats
	 */
	HeartbeatWriter(Supplier<Node> primary, String database, Duration interval) {
		this.primary = primary;
		this.database = database;
		this.interval = interval;
		this.thread = new Thread(this::run, "soak-heartbeat");
		this.thread.setDaemon(true);
	}

	HeartbeatWriter start() {
		this.thread.start();
		return this;
	}

	Acknowledgements acknowledgements() {
		return this.acknowledgements;
	}

	long failures() {
		return this.failures;
	}

	/**
	 * The statements that create the writer's user on the primary, whence it reaches
	 * every replica.
	 * @param database the database
	 * @return the statements, to run as root
	 */
	static List<String> createUser(String database) {
		String user = "'" + USER + "'@'%'";
		return List.of(
				"CREATE USER IF NOT EXISTS " + user + " IDENTIFIED VIA mysql_native_password USING PASSWORD('"
						+ PASSWORD + "')",
				"GRANT SELECT, INSERT, UPDATE ON `" + database + "`.soak_heartbeat TO " + user);
	}

	/**
	 * The heartbeats acknowledged by a primary that died before any replica received
	 * them.
	 * @return their sequence numbers
	 */
	synchronized List<Long> lost() {
		return List.copyOf(this.lost);
	}

	/**
	 * The server the heartbeats went to at an instant: the primary of that moment, as far
	 * as writes could tell.
	 * @param nanos the instant, from {@link System#nanoTime()}
	 * @return its server id, or -1 before the first heartbeat
	 */
	synchronized long writerAt(long nanos) {
		long serverId = -1;
		for (Writer writer : this.writers) {
			if (writer.sinceNanos() <= nanos) {
				serverId = writer.serverId();
			}
		}
		return serverId;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
		closeConnection();
	}

	private void run() {
		long seq = 0;
		long next = System.nanoTime();
		while (this.running) {
			seq++;
			if (write(seq)) {
				this.acknowledgements.add(seq, Clocks.wallMicros());
				this.lastAcknowledged = seq;
			}
			else {
				this.failures++;
			}
			next += this.interval.toNanos();
			long sleep = next - System.nanoTime();
			if (sleep > 0) {
				Clocks.sleep(Duration.ofNanos(sleep));
			}
			else {
				next = System.nanoTime();
			}
		}
	}

	private boolean write(long seq) {
		try {
			Connection current = connect();
			try (PreparedStatement statement = current
				.prepareStatement("INSERT INTO soak_heartbeat (id, seq, ts) VALUES (1, ?, NOW(6)) "
						+ "ON DUPLICATE KEY UPDATE seq = VALUES(seq), ts = VALUES(ts)")) {
				statement.setLong(1, seq);
				statement.executeUpdate();
			}
			return true;
		}
		catch (SQLException ex) {
			closeConnection();
			return false;
		}
	}

	private Connection connect() throws SQLException {
		Connection current = this.connection;
		if (current == null) {
			Node node = this.primary.get();
			Properties properties = new Properties();
			properties.setProperty("user", USER);
			properties.setProperty("password", PASSWORD);
			properties.setProperty("connectTimeout", "500");
			properties.setProperty("socketTimeout", "1000");
			properties.setProperty("sslMode", "DISABLED");
			current = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + node.port() + "/" + this.database,
					properties);
			if (node != this.writtenTo) {
				try {
					movedTo(node, current);
				}
				catch (SQLException ex) {
					current.abort(Runnable::run);
					throw ex;
				}
			}
			this.connection = current;
		}
		return current;
	}

	/**
	 * Heartbeats acknowledged beyond what the new primary holds were lost with the old
	 * one. A switchover loses none: the new primary applied everything first.
	 */
	private void movedTo(Node node, Connection connection) throws SQLException {
		long held = 0;
		try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM soak_heartbeat WHERE id = 1");
				ResultSet rows = statement.executeQuery()) {
			if (rows.next()) {
				held = rows.getLong(1);
			}
		}
		synchronized (this) {
			if (this.writtenTo != null) {
				this.lost.addAll(this.acknowledgements.forget(held, this.lastAcknowledged));
			}
			this.writers.add(new Writer(node.serverId(), System.nanoTime()));
		}
		this.writtenTo = node;
	}

	private void closeConnection() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.abort(Runnable::run);
			}
			catch (SQLException ex) {
				// Replaced by the next write
			}
		}
	}

	/**
	 * When each heartbeat write was acknowledged, in sequence order.
	 */
	static final class Acknowledgements {

		private long[] seqs = new long[1024];

		private long[] micros = new long[1024];

		private int size;

		synchronized void add(long seq, long ackMicros) {
			if (this.size == this.seqs.length) {
				this.seqs = Arrays.copyOf(this.seqs, this.size * 2);
				this.micros = Arrays.copyOf(this.micros, this.size * 2);
			}
			this.seqs[this.size] = seq;
			this.micros[this.size] = ackMicros;
			this.size++;
		}

		synchronized int size() {
			return this.size;
		}

		/**
		 * Stop counting heartbeats as acknowledged: they were lost.
		 * @param afterSeq the last sequence kept
		 * @param upToSeq the last sequence forgotten
		 * @return the forgotten sequences
		 */
		synchronized List<Long> forget(long afterSeq, long upToSeq) {
			List<Long> forgotten = new ArrayList<>();
			int kept = 0;
			for (int i = 0; i < this.size; i++) {
				if (this.seqs[i] > afterSeq && this.seqs[i] <= upToSeq) {
					forgotten.add(this.seqs[i]);
				}
				else {
					this.seqs[kept] = this.seqs[i];
					this.micros[kept] = this.micros[i];
					kept++;
				}
			}
			this.size = kept;
			return forgotten;
		}

		/**
		 * How stale a read was: the time from the acknowledgement of the first heartbeat
		 * it did not see to the moment it was called, or 0 when it missed nothing
		 * acknowledged by then. It is a lower bound of the true staleness, exact to one
		 * heartbeat interval: the read may also have missed writes committed in the
		 * interval before that heartbeat.
		 * @param seenSeq the sequence the read saw
		 * @param readMicros when the read was called, microseconds since the epoch
		 * @return the staleness in microseconds, 0 or more
		 */
		synchronized long staleMicros(long seenSeq, long readMicros) {
			int low = 0;
			int high = this.size;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.seqs[middle] <= seenSeq) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			if (low == this.size) {
				return 0;
			}
			return Math.max(0, readMicros - this.micros[low]);
		}

	}

	/**
	 * A server the heartbeats went to from an instant on.
	 *
	 * @param serverId its server id
	 * @param sinceNanos from when, from {@link System#nanoTime()}
	 */
	private record Writer(long serverId, long sinceNanos) {

	}

}
