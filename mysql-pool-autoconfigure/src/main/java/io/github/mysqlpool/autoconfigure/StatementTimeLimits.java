package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.InspectedServer;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Has the server limit how long each statement of a pool may run, through the driver's
 * {@code sessionVariables}, set on every new connection: {@code max_statement_time}
 * (seconds) on MariaDB, {@code max_execution_time} (milliseconds, read-only
 * {@code SELECT}s only) on MySQL. Which one is read from the server the start-up
 * inspection found, else from a {@code jdbc:mariadb:} URL; a pool whose server is not
 * known gets no limit, and a log line says so.
 *
 * @author mysql-pool team
 */
final class StatementTimeLimits {

	private static final Log logger = LogFactory.getLog(StatementTimeLimits.class);

	private static final String SESSION_VARIABLES = "sessionVariables";

	private StatementTimeLimits() {
	}

	/**
	 * Apply each pool's limit before the pool starts.
	 * @param pools the pools
	 * @param limits the limit of each pool by name; zero or missing for none
	 */
	static void apply(MySqlPools pools, Map<String, Duration> limits) {
		for (MySqlPool pool : pools.getEveryPool()) {
			Duration limit = limits.get(pool.getName());
			HikariDataSource hikari = pool.getHikari();
			if (limit == null || limit.isZero() || hikari == null || hikari.isRunning()) {
				continue;
			}
			Boolean mariaDb = isMariaDb(pool, hikari);
			if (mariaDb == null) {
				logger.warn("Pool '" + pool.getName() + "' gets no statement-timeout: its server was not inspected "
						+ "(mysql-pool.inspect-servers=false), so whether it is MariaDB or MySQL is not known");
				continue;
			}
			String variable = mariaDb ? "max_statement_time=" + (limit.toMillis() / 1000.0)
					: "max_execution_time=" + limit.toMillis();
			Object existing = hikari.getDataSourceProperties().get(SESSION_VARIABLES);
			hikari.addDataSourceProperty(SESSION_VARIABLES, (existing != null && !existing.toString().isBlank())
					? existing.toString().strip() + "," + variable : variable);
		}
	}

	private static @Nullable Boolean isMariaDb(MySqlPool pool, HikariDataSource hikari) {
		InspectedServer server = pool.getInspectedServer();
		if (server != null) {
			return server.version().mariaDb();
		}
		String url = hikari.getJdbcUrl();
		return (url != null && url.startsWith("jdbc:mariadb:")) ? Boolean.TRUE : null;
	}

}
