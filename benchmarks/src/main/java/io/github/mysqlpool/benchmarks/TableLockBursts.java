package io.github.mysqlpool.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;

/**
 * A background workload that makes one server slow for real: a root session that takes
 * {@code LOCK TABLES bench_items WRITE} for a while, again and again, as a backup or a
 * maintenance job holding a table lock would. Reads of the table on that server wait for
 * the lock (a metadata lock: up to the hold time); the other servers are not touched.
 *
 * @author mysql-pool team
 */
final class TableLockBursts implements AutoCloseable {

	private final Thread thread;

	private volatile boolean running = true;

	private TableLockBursts(Node node, ReplicatedMariaDb db, Duration hold, Duration period) {
		this.thread = new Thread(() -> run(node, db, hold, period), "table-lock-bursts-" + node.name());
		this.thread.setDaemon(true);
	}

	/**
	 * Start taking the lock on a server.
	 * @param node the server to slow down
	 * @param db its topology, for the root password and schema
	 * @param hold how long each lock is held
	 * @param period how often a lock is taken
	 * @return the running workload, to close
	 */
	static TableLockBursts start(Node node, ReplicatedMariaDb db, Duration hold, Duration period) {
		TableLockBursts bursts = new TableLockBursts(node, db, hold, period);
		bursts.thread.start();
		return bursts;
	}

	private void run(Node node, ReplicatedMariaDb db, Duration hold, Duration period) {
		String url = "jdbc:mysql://" + node.host() + ":" + node.port() + "/" + db.database();
		try (Connection connection = DriverManager.getConnection(url, "root", db.rootPassword());
				Statement statement = connection.createStatement()) {
			long gap = period.minus(hold).toNanos();
			while (this.running) {
				statement.execute("LOCK TABLES bench_items WRITE");
				LockSupport.parkNanos(hold.toNanos());
				statement.execute("UNLOCK TABLES");
				LockSupport.parkNanos(gap);
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				throw new IllegalStateException("Table lock bursts on " + node.name() + " failed", ex);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(10_000);
	}

}
