package io.github.mysqlpool.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.EvictDescriptor;
import io.github.mysqlpool.actuate.endpoint.MySqlPoolEndpoint.TestDescriptor;
import io.github.mysqlpool.monitor.check.internal.PoolCheck;
import io.github.mysqlpool.monitor.history.internal.PoolEvent;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.pool.MySqlPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The write operations that act on the pools themselves: a bounded check with a harmless
 * statement, and the soft eviction of one pool's connections.
 *
 * @author mysql-pool team
 */
final class PoolActions {

	private static final Log logger = LogFactory.getLog(MySqlPoolEndpoint.class);

	private static final String STATEMENT_DESCRIPTION = "borrow, SELECT @@hostname, @@port, return";

	private final EndpointParameters parameters;

	private final @Nullable PoolHistory history;

	private final Clock clock;

	private final PoolCheck check = new PoolCheck();

	PoolActions(EndpointParameters parameters, @Nullable PoolHistory history, Clock clock) {
		this.parameters = parameters;
		this.history = history;
		this.clock = clock;
	}

	TestDescriptor test(@Nullable String pool, @Nullable String duration, @Nullable Integer concurrency) {
		List<MySqlPool> selected = this.parameters.selectedPools(pool);
		Duration length = EndpointParameters.testDuration(duration);
		int threads = EndpointParameters.testConcurrency(concurrency);
		try {
			return new TestDescriptor(STATEMENT_DESCRIPTION, this.check.run(selected, length, threads));
		}
		catch (IllegalStateException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Check running");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while checking the pools", ex);
		}
	}

	EvictDescriptor evict(@Nullable String name) {
		String pool = EndpointParameters.requiredPool(name);
		MySqlPool selected = this.parameters.selectedPools(pool).get(0);
		HikariDataSource hikari = selected.getHikari();
		if (hikari == null) {
			throw new InvalidEndpointRequestException("Pool '" + pool + "' is not a HikariCP pool", "Not evictable");
		}
		HikariPoolMXBean mxBean = hikari.isRunning() ? hikari.getHikariPoolMXBean() : null;
		if (mxBean == null) {
			return new EvictDescriptor(pool, false, 0, 0, "The pool has not started: it holds no connection");
		}
		int active = mxBean.getActiveConnections();
		int idle = mxBean.getIdleConnections();
		mxBean.softEvictConnections();
		String description = "soft-evicted " + idle + " idle connection(s) now and " + active + " in use when returned";
		logger.info("mysql-pool evicted pool '" + pool + "': " + description);
		if (this.history != null) {
			this.history.addEvent(new PoolEvent(this.clock.instant(), pool, "evict", description));
		}
		return new EvictDescriptor(pool, true, idle, active, description);
	}

}
