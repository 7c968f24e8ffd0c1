package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.PoolOverrides;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.pool.internal.InspectedServer;
import io.github.mysqlpool.pool.internal.ServerInspector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Has the server limit how long each statement of a pool may run, through the driver's
 * {@code sessionVariables}, set on every new connection: {@code max_statement_time}
 * (seconds) on MariaDB, {@code max_execution_time} (milliseconds, read-only
 * {@code SELECT}s only) on MySQL. Which one is read from the server the start-up
 * inspection found, else from a {@code jdbc:mariadb:} URL; a pool whose server is not
 * known gets no limit, and a log line says so. The limit of a pool is its server's
 * {@code statement-timeout}, else the shared one of its role; an adopted primary keeps
 * its own settings and gets none.
 *
 * @author mysql-pool team
 */
final class StatementTimeLimits implements MySqlPoolCustomizer, Ordered {

	private static final Log logger = LogFactory.getLog(StatementTimeLimits.class);

	private static final String SESSION_VARIABLES = "sessionVariables";

	private final MySqlPoolProperties properties;

	private final boolean ownsPrimary;

	private final @Nullable ServerInspector inspector;

	/**
	 * Create the limits.
	 * @param properties the pools' settings
	 * @param ownsPrimary whether the starter builds the primary (else it is adopted and
	 * gets no limit)
	 * @param inspector what the start-up inspection found about each pool's server, or
	 * {@code null} when the servers are not inspected
	 */
	StatementTimeLimits(MySqlPoolProperties properties, boolean ownsPrimary, @Nullable ServerInspector inspector) {
		this.properties = properties;
		this.ownsPrimary = ownsPrimary;
		this.inspector = inspector;
	}

	@Override
	public void customize(MySqlPool pool, HikariDataSource hikari) {
		Duration limit = limit(pool);
		if (limit == null || limit.isZero()) {
			return;
		}
		Boolean mariaDb = isMariaDb(pool, hikari);
		if (mariaDb == null) {
			logger.warn("Pool '" + pool.getName() + "' gets no statement-timeout: its server was not inspected "
					+ "(mysql-pool.inspect-servers=false), so whether it is MariaDB or MySQL is not known");
			return;
		}
		String variable = mariaDb ? "max_statement_time=" + (limit.toMillis() / 1000.0)
				: "max_execution_time=" + limit.toMillis();
		Object existing = hikari.getDataSourceProperties().get(SESSION_VARIABLES);
		hikari.addDataSourceProperty(SESSION_VARIABLES, (existing != null && !existing.toString().isBlank())
				? existing.toString().strip() + "," + variable : variable);
	}

	@Override
	public int getOrder() {
		return STATEMENT_TIME_LIMIT_ORDER;
	}

	/**
	 * The limit of a pool: its server's own, else the shared one of the pool's role. A
	 * server's pools for either role take the primary's settings, but a replica's reads.
	 */
	private @Nullable Duration limit(MySqlPool pool) {
		boolean replica = pool.getRole() == PoolRole.REPLICA;
		if (!replica && !this.ownsPrimary) {
			return null;
		}
		PoolOverrides overrides = this.properties.getPrimary().getPool();
		if (replica) {
			for (int i = 0; i < this.properties.getReplicas().size(); i++) {
				if (this.properties.replicaName(i).equals(pool.getServer())) {
					overrides = this.properties.getReplicas().get(i).getPool();
				}
			}
		}
		if (overrides.getStatementTimeout() != null) {
			return overrides.getStatementTimeout();
		}
		MySqlPoolProperties.Pool shared = this.properties.getPool();
		return replica ? shared.getReplicaStatementTimeout() : shared.getStatementTimeout();
	}

	private @Nullable Boolean isMariaDb(MySqlPool pool, HikariDataSource hikari) {
		InspectedServer server = (this.inspector != null) ? this.inspector.inspected(pool) : null;
		if (server != null) {
			return server.version().mariaDb();
		}
		String url = hikari.getJdbcUrl();
		return (url != null && url.startsWith("jdbc:mariadb:")) ? Boolean.TRUE : null;
	}

}
