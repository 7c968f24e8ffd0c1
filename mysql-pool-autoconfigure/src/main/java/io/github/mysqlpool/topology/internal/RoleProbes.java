package io.github.mysqlpool.topology.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.TopologyDiscovery;

/**
 * One {@link RoleProbe} per server topology discovery watches, each used by one thread at
 * a time, and whether an immediate probe of it is already asked for. Each probe's answer
 * goes to the {@link WriterTracker}.
 *
 * @author mysql-pool team
 */
final class RoleProbes {

	private final TopologyDiscovery discovery;

	private final Map<String, RoleProbe> probes = new LinkedHashMap<>();

	/**
	 * Create a probe for each server: every configured server, but for
	 * {@link TopologyDiscovery#ENDPOINT} the primary URL's server only.
	 * @param pools the pools whose URLs, credentials and driver settings to connect with
	 * @param discovery how the writer is found
	 * @param timeout connect and socket timeout of each probe
	 */
	RoleProbes(MySqlPools pools, TopologyDiscovery discovery, Duration timeout) {
		this.discovery = discovery;
		List<MySqlPool> servers = new ArrayList<>();
		servers.add(pools.getPrimary());
		if (discovery != TopologyDiscovery.ENDPOINT) {
			servers.addAll(pools.getReplicas());
		}
		RoleSource source = RoleSource.of(discovery);
		for (MySqlPool server : servers) {
			HikariDataSource hikari = server.getHikari();
			if (hikari == null || hikari.getJdbcUrl() == null) {
				throw new IllegalStateException("Pool '" + server.getName()
						+ "' is not a HikariCP pool with a JDBC URL: topology discovery cannot probe its server");
			}
			this.probes.put(server.getServer(), new RoleProbe(server.getServer(), hikari, source, timeout,
					discovery == TopologyDiscovery.ENDPOINT));
		}
	}

	Set<String> servers() {
		return this.probes.keySet();
	}

	Collection<RoleProbe> all() {
		return this.probes.values();
	}

	int size() {
		return this.probes.size();
	}

	/**
	 * Probe a server and record its role.
	 * @param probe the server's probe
	 * @param writers where its role goes
	 */
	void probe(RoleProbe probe, WriterTracker writers) {
		ServerRole role;
		boolean again;
		synchronized (probe) {
			role = probe.probe();
			again = this.discovery == TopologyDiscovery.ENDPOINT && Boolean.FALSE.equals(role.writable())
					&& !probe.answeredOnNewConnection();
		}
		writers.record(probe.server(), role, false);
		if (again) {
			// The name may have moved since the probe's connection was opened, as an
			// orchestrator moves it right after the promotion: ask the server it leads to
			// now rather than a probe interval later
			synchronized (probe) {
				role = probe.probe();
			}
			writers.record(probe.server(), role, false);
		}
	}

	void closeAll() {
		for (RoleProbe probe : this.probes.values()) {
			synchronized (probe) {
				probe.close();
			}
		}
	}

}
