package io.github.mysqlpool.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import io.github.mysqlpool.embedded.Node;
import org.jspecify.annotations.Nullable;

/**
 * The suite's own clock of freshness: writes an increasing sequence number into one row
 * on the primary every interval, as root over a connection of its own (not through the
 * starter, and not killed with the application's sessions), and remembers when each write
 * was acknowledged. A read that saw sequence {@code s} missed every later acknowledged
 * write, so {@link Acknowledgements#staleMicros} can tell how stale it was.
 *
 * @author mysql-pool team
 */
final class HeartbeatWriter implements AutoCloseable {

	static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS soak_heartbeat "
			+ "(id INT PRIMARY KEY, seq BIGINT NOT NULL, ts TIMESTAMP(6) NOT NULL)";

	private final Node primary;

	private final String rootPassword;

	private final String database;

	private final Duration interval;

	private final Acknowledgements acknowledgements = new Acknowledgements();

	private final Thread thread;

	private volatile boolean running = true;

	private @Nullable Connection connection;

	private long failures;

	HeartbeatWriter(Node primary, String rootPassword, String database, Duration interval) {
		this.primary = primary;
		this.rootPassword = rootPassword;
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
			Properties properties = new Properties();
			properties.setProperty("user", "root");
			properties.setProperty("password", this.rootPassword);
			properties.setProperty("connectTimeout", "500");
			properties.setProperty("socketTimeout", "1000");
			properties.setProperty("sslMode", "DISABLED");
			current = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + this.primary.port() + "/" + this.database,
					properties);
			this.connection = current;
		}
		return current;
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

}
