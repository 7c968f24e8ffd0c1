package io.github.mysqlpool.pool;

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
