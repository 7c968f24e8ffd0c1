package io.github.mysqlpool.pool.internal;

import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the primary and replica pools with the application, all at once, each filled to
 * its minimum before the application serves requests: the first reads do not pay for
 * opening connections, and HikariCP's meters exist for every pool from the start.
 * <p>
 * The primary's pool fails start-up as its {@code initialization-fail-timeout} says,
 * which is HikariCP's (and Boot's) convention. A replica that cannot be reached does not:
 * its pool starts empty, keeps trying in the background, and one log line says so; the
 * replica monitor keeps it out of rotation until it answers. A setting of a pool that the
 * server rejects (an unknown SQL mode, say) fails start-up, the replica's too: every
 * connection of that pool would fail the same way, which no waiting cures. Standby pools
 * of topology discovery are left to start on their first use.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolStarter implements SmartLifecycle {

	/**
	 * Before the topology and replica monitors, whose first probes then find the pools
	 * started.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(PoolStarter.class);

	private final MySqlPools pools;

	private final Duration connectTimeout;

	private final boolean monitored;

	private final BiFunction<MySqlPool, Throwable, ? extends @Nullable RuntimeException> rejectedSetting;

	private volatile boolean running;

	/**
	 * Create the starter.
	 * @param pools the pools to start
	 * @param connectTimeout how long to try to reach a replica's server at start-up
	 * @param monitored whether a replica monitor keeps unreachable replicas out of
	 * rotation
	 * @param rejectedSetting the start-up failure naming the setting behind a pool's
	 * failure to set up a connection, or {@code null} when no setting was rejected
	 */
	public PoolStarter(MySqlPools pools, Duration connectTimeout, boolean monitored,
			BiFunction<MySqlPool, Throwable, ? extends @Nullable RuntimeException> rejectedSetting) {
		this.pools = pools;
		this.connectTimeout = connectTimeout;
		this.monitored = monitored;
		this.rejectedSetting = rejectedSetting;
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		List<MySqlPool> toStart = new ArrayList<>();
		toStart.add(this.pools.getPrimary());
		toStart.addAll(this.pools.getReplicas());
		ExecutorService executor = Executors.newFixedThreadPool(toStart.size(), new StarterThreads());
		try {
			List<Future<?>> started = new ArrayList<>();
			for (MySqlPool pool : toStart) {
				started.add(executor.submit(() -> {
					startPool(pool);
					return null;
				}));
			}
			for (Future<?> future : started) {
				await(future);
			}
		}
		finally {
			executor.shutdown();
		}
		this.running = true;
	}

	private static void await(Future<?> future) {
		try {
			future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the pools", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
	}

	private void startPool(MySqlPool pool) throws SQLException {
		HikariDataSource hikari = pool.getHikari();
		if (hikari != null && (hikari.isRunning() || hikari.isClosed())) {
			return;
		}
		boolean mayFailStartup = pool.getRole() == PoolRole.PRIMARY
				&& (hikari == null || hikari.getInitializationFailTimeout() >= 0);
		if (!mayFailStartup && hikari != null) {
			SQLException unreachable = unreachable(hikari);
			if (unreachable != null) {
				failIfRejectedSetting(pool, unreachable);
				startInBackground(pool, hikari);
				logger.warn(describe(pool, hikari) + " could not be reached at start-up ("
						+ DirectConnections.describe(unreachable) + "): "
						+ ((pool.getRole() == PoolRole.REPLICA && this.monitored)
								? "its pool starts empty and the replica out of rotation until it answers"
								: "its pool starts empty and keeps trying in the background"));
				return;
			}
		}
		DataSource dataSource = pool.getDataSource();
		try (Connection connection = dataSource.getConnection()) {
			// Opening one connection starts the pool, which fills itself to minimum-idle
		}
		catch (SQLException | RuntimeException ex) {
			failIfRejectedSetting(pool, ex);
			if (mayFailStartup) {
				throw new IllegalStateException(describe(pool, hikari) + " could not open a connection at start-up ("
						+ DirectConnections.describe(ex) + "); to start without it, set "
						+ "mysql-pool.primary.initialization-fail-timeout to a negative value", ex);
			}
			logger.warn(describe(pool, hikari) + " could not be reached at start-up (" + DirectConnections.describe(ex)
					+ "): its pool keeps trying in the background");
			return;
		}
		if (hikari != null) {
			awaitMinimumIdle(hikari);
		}
	}

	private static String describe(MySqlPool pool, @Nullable HikariDataSource hikari) {
		String server = (hikari != null) ? JdbcUrls.hostAndPort(hikari.getJdbcUrl()) : null;
		return "Pool '" + pool.getName() + "'" + ((server != null) ? " (" + server + ")" : "");
	}

	private void failIfRejectedSetting(MySqlPool pool, Throwable failure) {
		RuntimeException rejected = this.rejectedSetting.apply(pool, failure);
		if (rejected != null) {
			throw rejected;
		}
	}

	/**
	 * Why the pool's server cannot be reached or refuses the pool's settings, over a
	 * connection of the starter's own with a short timeout that also runs the pool's init
	 * statement: HikariCP, told not to fail, would wait its whole connection-timeout for
	 * a server that is down or a setting it rejects.
	 */
	private @Nullable SQLException unreachable(HikariDataSource hikari) {
		try (Connection connection = DirectConnections.open(hikari, this.connectTimeout)) {
			String initSql = hikari.getConnectionInitSql();
			if (initSql != null) {
				try (Statement statement = connection.createStatement()) {
					statement.execute(initSql);
				}
			}
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	/**
	 * Start a pool whose server is down without waiting for a connection: the first
	 * {@code getConnection()} creates the pool (and its meters) at once, then waits on a
	 * thread of its own.
	 */
	private static void startInBackground(MySqlPool pool, HikariDataSource hikari) {
		Thread thread = new Thread(() -> {
			try (Connection connection = hikari.getConnection()) {
				// The server came back meanwhile
			}
			catch (SQLException | RuntimeException ex) {
				// Expected: the pool keeps trying and the monitor tells when it answers
			}
		}, "mysql-pool-start-" + pool.getName());
		thread.setDaemon(true);
		thread.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (hikari.getHikariPoolMXBean() == null && !hikari.isClosed() && System.nanoTime() < deadline) {
			sleep(5);
		}
	}

	/**
	 * Wait until HikariCP has filled the pool to its minimum, within its
	 * connection-timeout.
	 */
	private static void awaitMinimumIdle(HikariDataSource hikari) {
		HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
		if (pool == null) {
			return;
		}
		long deadline = System.nanoTime() + Duration.ofMillis(hikari.getConnectionTimeout()).toNanos();
		while (pool.getTotalConnections() < hikari.getMinimumIdle() && System.nanoTime() < deadline
				&& !hikari.isClosed()) {
			sleep(5);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the pools", ex);
		}
	}

	@Override
	public void stop() {
		// The pools are closed with the MySqlPools bean
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static final class StarterThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, "mysql-pool-start-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
