package io.github.mysqlpool.topology.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.pool.PoolRole;

import org.springframework.core.Ordered;

/**
 * Installs a {@link ReadOnlyErrorOverride} on each write pool that has no exception
 * override of its own, before the pool starts; the {@link TopologyMonitor}, built after
 * the pools, then binds its probe to it.
 *
 * @author mysql-pool team
 */
final class ReadOnlyErrorProbes implements MySqlPoolCustomizer, Ordered {

	@Override
	public void customize(MySqlPool pool, HikariDataSource dataSource) {
		if (pool.getRole() == PoolRole.PRIMARY && dataSource.getExceptionOverride() == null
				&& dataSource.getExceptionOverrideClassName() == null) {
			dataSource.setExceptionOverride(new ReadOnlyErrorOverride());
		}
	}

	@Override
	public int getOrder() {
		return FAILURE_PROBES_ORDER;
	}

}
