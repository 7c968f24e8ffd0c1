package io.github.mysqlpool.monitor.statement.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.DirectConnections;
import io.github.mysqlpool.monitor.timing.internal.PoolInstrumentation;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.scheduling.internal.PeriodicTask;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Kills statements that run longer than a limit on the pools' own connections: every
 * interval, for each pool, it asks the pool's server (with a connection of its own) which
 * of the pool's sessions has been running one statement for at least the limit, and sends
 * {@code KILL QUERY} for each. Only the sessions MySQL Connector/J reported for the
 * pool's connections are looked at, so other clients' sessions, and other instances'
 * pools, are never touched. The statement fails with an error; the connection stays
 * usable. Each kill is logged and counted per pool.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class LongStatementGuard implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LongStatementGuard.class);

	private final MySqlPools pools;

	private final PoolInstrumentation instrumentation;

	private final Duration limit;

	private final Duration connectTimeout;

	private final Map<String, LongAdder> kills = new ConcurrentHashMap<>();

	/**
	 * When each session last had a statement killed, so that a statement still dying is
	 * not killed (and counted) twice.
	 */
	private final Map<Long, Long> lastKills = new ConcurrentHashMap<>();

	private final PeriodicTask checks;

	/**
	 * Create the guard.
	 * @param pools the pools
	 * @param instrumentation where each pool's sessions are known
	 * @param limit longest a statement may run
	 * @param interval time between two checks
	 * @param connectTimeout connect and socket timeout of the guard's own connections
	 * @param scheduler the starter's scheduler, which runs the checks
	 */
	public LongStatementGuard(MySqlPools pools, PoolInstrumentation instrumentation, Duration limit, Duration interval,
			Duration connectTimeout, TaskScheduler scheduler) {
		this.pools = pools;
		this.instrumentation = instrumentation;
		this.limit = limit;
		this.connectTimeout = connectTimeout;
		this.checks = new PeriodicTask(scheduler, "kill guard", interval, this::checkSafely);
	}

	/**
	 * Check every pool once.
	 */
	public void check() {
		for (MySqlPool pool : this.pools.getEveryPool()) {
			HikariDataSource hikari = pool.getHikari();
			Set<Long> sessions = this.instrumentation.timings(pool.getName()).sessions();
			if (hikari == null || !hikari.isRunning() || sessions.isEmpty()) {
				continue;
			}
			try {
				check(pool, hikari, sessions);
			}
			catch (SQLException ex) {
				logger.debug("mysql-pool could not check pool '" + pool.getName() + "' for long statements: "
						+ DirectConnections.describe(ex));
			}
		}
	}

	private void check(MySqlPool pool, HikariDataSource hikari, Set<Long> sessions) throws SQLException {
		StringBuilder ids = new StringBuilder();
		for (Long id : sessions) {
			ids.append((ids.length() > 0) ? "," : "").append(id.longValue());
		}
		long limitMillis = this.limit.toMillis();
		try (Connection connection = DirectConnections.open(hikari, this.connectTimeout)) {
			List<long[]> running = new ArrayList<>();
			// TIME is whole seconds on every server; TIME_MS, where the server has it, is
			// finer
			String time = hasTimeMillis(connection) ? "TIME_MS" : "TIME * 1000";
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT ID, " + time + " FROM information_schema.PROCESSLIST WHERE ID IN (" + ids
						+ ") AND COMMAND = 'Query' AND " + time + " >= ?")) {
				statement.setLong(1, limitMillis);
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						running.add(new long[] { result.getLong(1), result.getLong(2) });
					}
				}
			}
			long now = System.nanoTime();
			this.lastKills.values().removeIf((killedAt) -> now - killedAt > this.limit.toNanos());
			for (long[] session : running) {
				if (this.lastKills.putIfAbsent(session[0], now) != null) {
					continue;
				}
				try (Statement kill = connection.createStatement()) {
					kill.execute("KILL QUERY " + session[0]);
				}
				this.kills.computeIfAbsent(pool.getName(), (name) -> new LongAdder()).increment();
				logger.warn("mysql-pool killed a statement of pool '" + pool.getName() + "' (server session "
						+ session[0] + ") after " + session[1]
						+ " ms: it ran past mysql-pool.monitor.kill-guard.limit (" + limitMillis + " ms)");
			}
		}
	}

	private static boolean hasTimeMillis(Connection connection) throws SQLException {
		try (ResultSet columns = connection.getMetaData()
			.getColumns(null, "information_schema", "PROCESSLIST", "TIME_MS")) {
			return columns.next();
		}
	}

	/**
	 * Statements killed on a pool since start.
	 * @param pool the pool name
	 * @return the count
	 */
	public long getKills(String pool) {
		LongAdder count = this.kills.get(pool);
		return (count != null) ? count.sum() : 0;
	}

	@Override
	public void start() {
		this.checks.start();
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			// An exception escaping the periodic task would cancel its later runs
			logger.warn("mysql-pool kill guard failed: " + DirectConnections.describe(ex));
		}
	}

	@Override
	public void stop() {
		this.checks.stop();
	}

	@Override
	public boolean isRunning() {
		return this.checks.isStarted();
	}

}
