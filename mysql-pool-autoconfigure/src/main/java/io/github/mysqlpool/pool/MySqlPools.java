package io.github.mysqlpool.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The pools of the topology, reachable by name: one primary and any number of replicas.
 * Closes the pools it created when the application context closes.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlPools implements DisposableBean {

	private final MySqlPool primary;

	private final List<MySqlPool> replicas;

	private final Map<String, MySqlPool> byName;

	private final boolean ownsPrimary;

	/**
	 * Create the registry.
	 * @param primary the primary pool
	 * @param replicas the replica pools, in configuration order
	 * @param ownsPrimary whether the primary was created here (and is closed here) rather
	 * than adopted from the application
	 */
	public MySqlPools(MySqlPool primary, List<MySqlPool> replicas, boolean ownsPrimary) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.ownsPrimary = ownsPrimary;
		Map<String, MySqlPool> map = new LinkedHashMap<>();
		map.put(primary.getName(), primary);
		replicas.forEach((replica) -> map.put(replica.getName(), replica));
		this.byName = Collections.unmodifiableMap(map);
	}

	public MySqlPool getPrimary() {
		return this.primary;
	}

	public List<MySqlPool> getReplicas() {
		return this.replicas;
	}

	/**
	 * Whether the primary pool was built by the starter rather than adopted from the
	 * application (Boot's own {@code spring.datasource} pool).
	 * @return {@code true} when the starter built and owns the primary
	 */
	public boolean ownsPrimary() {
		return this.ownsPrimary;
	}

	/**
	 * Every pool, the primary first.
	 * @return all pools
	 */
	public List<MySqlPool> getAll() {
		return new ArrayList<>(this.byName.values());
	}

	/**
	 * The pool with the given name.
	 * @param name pool name
	 * @return the pool or {@code null}
	 */
	public @Nullable MySqlPool get(String name) {
		return this.byName.get(name);
	}

	/**
	 * The pool a connection came from, identified by the host and port it is connected
	 * to. Meant for diagnostics, not for every borrow: it asks the driver for the
	 * connection's URL.
	 * @param connection a connection borrowed from one of the pools
	 * @return the pool, or {@code null} when no pool talks to that server
	 * @throws SQLException when the connection's metadata cannot be read
	 */
	public @Nullable MySqlPool poolOf(Connection connection) throws SQLException {
		String server = JdbcUrls.hostAndPort(connection.getMetaData().getURL());
		for (MySqlPool pool : this.byName.values()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari != null && server != null && server.equals(JdbcUrls.hostAndPort(hikari.getJdbcUrl()))) {
				return pool;
			}
		}
		return null;
	}

	@Override
	public void destroy() {
		for (MySqlPool replica : this.replicas) {
			close(replica);
		}
		if (this.ownsPrimary) {
			close(this.primary);
		}
	}

	private void close(MySqlPool pool) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari != null) {
			hikari.close();
		}
	}

}
