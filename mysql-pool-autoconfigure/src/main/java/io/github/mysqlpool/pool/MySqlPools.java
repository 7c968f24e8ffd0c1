package io.github.mysqlpool.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.internal.JdbcUrls;
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

	private final List<MySqlPool> standbys;

	private final boolean ownsPrimary;

	private volatile @Nullable MySqlPool writer;

	private volatile String noWriterReason = "no server takes writes";

	/**
	 * Create the registry.
	 * @param primary the primary pool
	 * @param replicas the replica pools, in configuration order
	 * @param ownsPrimary whether the primary was created here (and is closed here) rather
	 * than adopted from the application
	 */
	public MySqlPools(MySqlPool primary, List<MySqlPool> replicas, boolean ownsPrimary) {
		this(primary, replicas, List.of(), ownsPrimary);
	}

	/**
	 * Create the registry of a topology whose roles may change.
	 * @param primary the pool of the server configured as primary
	 * @param replicas the replica pools, in configuration order
	 * @param standbys each server's pool for the role it may take but was not configured
	 * in: writes on a replica, reads on the primary; started on first use
	 * @param ownsPrimary whether the primary was created here (and is closed here) rather
	 * than adopted from the application
	 */
	public MySqlPools(MySqlPool primary, List<MySqlPool> replicas, List<MySqlPool> standbys, boolean ownsPrimary) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.standbys = List.copyOf(standbys);
		this.ownsPrimary = ownsPrimary;
		this.writer = primary;
		Map<String, MySqlPool> map = new LinkedHashMap<>();
		map.put(primary.getName(), primary);
		replicas.forEach((replica) -> map.put(replica.getName(), replica));
		standbys.forEach((standby) -> map.put(standby.getName(), standby));
		this.byName = Collections.unmodifiableMap(map);
	}

	/**
	 * The pool of the server configured as primary.
	 * @return the configured primary's pool
	 */
	public MySqlPool getPrimary() {
		return this.primary;
	}

	/**
	 * The pool writes go to now: the configured primary's unless topology discovery found
	 * another writer. One volatile read.
	 * @return the writer's pool, or {@code null} while no server can take writes
	 */
	public @Nullable MySqlPool getWriter() {
		return this.writer;
	}

	/**
	 * Set the pool writes go to. Internal; not for applications: called by topology
	 * discovery only, and may change without notice. Public because topology discovery
	 * lives in another package and the write route reads the writer with one volatile
	 * read, without going through a holder of its own.
	 * @param writer the writer's pool
	 */
	public void setWriter(MySqlPool writer) {
		this.writer = writer;
	}

	/**
	 * Make writes fail at once, while no server takes them. Internal; not for
	 * applications: called by topology discovery only, and may change without notice (see
	 * {@link #setWriter(MySqlPool)}).
	 * @param reason why no server takes writes, for the writes' exception
	 */
	public void setNoWriter(String reason) {
		this.noWriterReason = reason;
		this.writer = null;
	}

	/**
	 * Why no server takes writes, when {@link #getWriter()} is {@code null}.
	 * @return the reason
	 */
	public String getNoWriterReason() {
		return this.noWriterReason;
	}

	/**
	 * Each server's pool for the role it was not configured in, with topology discovery:
	 * empty otherwise.
	 * @return the standby pools
	 */
	public List<MySqlPool> getStandbys() {
		return this.standbys;
	}

	/**
	 * The pools that may serve reads: the replicas, then the configured primary's read
	 * pool when discovery gave it one.
	 * @return the read pools
	 */
	public List<MySqlPool> getReadPools() {
		List<MySqlPool> readers = new ArrayList<>(this.replicas);
		for (MySqlPool standby : this.standbys) {
			if (standby.getRole() == PoolRole.REPLICA) {
				readers.add(standby);
			}
		}
		return readers;
	}

	/**
	 * A server's pool for a role.
	 * @param server the server's name
	 * @param role the role
	 * @return the pool, or {@code null} when the server has none for that role
	 */
	public @Nullable MySqlPool serverPool(String server, PoolRole role) {
		for (MySqlPool pool : this.byName.values()) {
			if (pool.getServer().equals(server) && pool.getRole() == role) {
				return pool;
			}
		}
		return null;
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
	 * Every pool in use: the primary, the replicas, and the standby pools that have a
	 * role after a change of primary (the promoted server's write pool, the demoted
	 * primary's read pool). The list shown by the endpoint, the history and the alerts.
	 * @return the pools in use
	 */
	public List<MySqlPool> getAll() {
		List<MySqlPool> all = new ArrayList<>(this.byName.size());
		MySqlPool current = this.writer;
		for (MySqlPool pool : this.byName.values()) {
			if (!this.standbys.contains(pool) || hasRole(pool, current)) {
				all.add(pool);
			}
		}
		return all;
	}

	private boolean hasRole(MySqlPool standby, @Nullable MySqlPool current) {
		if (standby.getRole() == PoolRole.PRIMARY) {
			return standby == current;
		}
		return current != null && !current.getServer().equals(standby.getServer());
	}

	/**
	 * Every pool, standby pools that never started included: the pools to instrument
	 * before they start and to close.
	 * @return all pools, the primary first
	 */
	public List<MySqlPool> getEveryPool() {
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
		PoolRole role = connection.isReadOnly() ? PoolRole.REPLICA : PoolRole.PRIMARY;
		MySqlPool found = null;
		for (MySqlPool pool : this.byName.values()) {
			HikariDataSource hikari = pool.getHikari();
			if (hikari != null && server != null && server.equals(JdbcUrls.hostAndPort(hikari.getJdbcUrl()))) {
				// A server has a pool per role with topology discovery
				if (pool.getRole() == role) {
					return pool;
				}
				found = (found != null) ? found : pool;
			}
		}
		return found;
	}

	@Override
	public void destroy() {
		for (MySqlPool replica : this.replicas) {
			close(replica);
		}
		for (MySqlPool standby : this.standbys) {
			close(standby);
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
