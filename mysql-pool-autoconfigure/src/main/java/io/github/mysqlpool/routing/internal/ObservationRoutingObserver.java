package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * {@link RoutingObserver} making each borrow a Micrometer {@link Observation} named
 * {@code mysqlpool.borrow}. Low-cardinality keys (metric tags): {@code mysqlpool.pool},
 * {@code mysqlpool.server} (host:port), {@code mysqlpool.route} ({@code read} or
 * {@code write}), {@code mysqlpool.fallback} ({@code none}, {@code primary} or
 * {@code fail}), {@code mysqlpool.fence} ({@code none}, {@code replica} or
 * {@code primary}). High-cardinality keys (span tags only):
 * {@code mysqlpool.replica.lag_ms} and {@code mysqlpool.fallback.reason}. No SQL.
 *
 * @author mysql-pool team
 */
public final class ObservationRoutingObserver implements RoutingObserver {

	/**
	 * Name of the observation (and of its timer).
	 */
	public static final String NAME = "mysqlpool.borrow";

	private static final String NONE = "none";

	private final ObservationRegistry registry;

	private final Map<MySqlPool, String> servers = new ConcurrentHashMap<>();

	/**
	 * Create the observer.
	 * @param registry where observations go
	 */
	public ObservationRoutingObserver(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Connection observe(boolean readOnly, Borrow borrow) throws SQLException {
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("mysqlpool borrow " + (readOnly ? "read" : "write"))
			.lowCardinalityKeyValue("mysqlpool.route", readOnly ? "read" : "write")
			.lowCardinalityKeyValue("mysqlpool.pool", NONE)
			.lowCardinalityKeyValue("mysqlpool.server", NONE)
			.lowCardinalityKeyValue("mysqlpool.fallback", NONE)
			.lowCardinalityKeyValue("mysqlpool.fence", NONE);
		return observation.observeChecked(borrow::borrow);
	}

	@Override
	public void served(MySqlPool pool, long lagMillis) {
		Observation observation = current();
		if (observation == null) {
			return;
		}
		observation.lowCardinalityKeyValue("mysqlpool.pool", pool.getName())
			.lowCardinalityKeyValue("mysqlpool.server",
					this.servers.computeIfAbsent(pool, ObservationRoutingObserver::server));
		if (lagMillis != ReplicaSnapshot.UNKNOWN_LAG) {
			observation.highCardinalityKeyValue("mysqlpool.replica.lag_ms", Long.toString(lagMillis));
		}
	}

	@Override
	public void fellBack(String fallback, String reason) {
		Observation observation = current();
		if (observation != null) {
			observation.lowCardinalityKeyValue("mysqlpool.fallback", fallback)
				.highCardinalityKeyValue("mysqlpool.fallback.reason", reason);
		}
	}

	@Override
	public void fenced(String outcome) {
		Observation observation = current();
		if (observation != null) {
			observation.lowCardinalityKeyValue("mysqlpool.fence", outcome);
		}
	}

	private @Nullable Observation current() {
		Observation observation = this.registry.getCurrentObservation();
		return (observation != null && NAME.equals(observation.getContext().getName())) ? observation : null;
	}

	private static String server(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		String hostAndPort = (hikari != null) ? JdbcUrls.hostAndPort(hikari.getJdbcUrl()) : null;
		return (hostAndPort != null) ? hostAndPort : pool.getServer();
	}

}
