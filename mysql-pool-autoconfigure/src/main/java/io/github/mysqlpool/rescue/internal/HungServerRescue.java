package io.github.mysqlpool.rescue.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import io.github.mysqlpool.replica.lag.internal.UnreachableServerListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;

/**
 * Rescues callers from a hung server (one that stops answering without closing its
 * sockets): when a probe of the replica monitor fails to reach a pool's server, the
 * pool's idle connections are evicted so that none is handed out, and every open
 * connection of the pool is aborted, so that a caller blocked reading from the server
 * fails at once instead of at the driver's socket timeout. A read then goes to another
 * replica when retried; a write follows the retry's write-safety rules (a COMMIT cut off
 * is an unknown outcome, never repeated).
 * <p>
 * The connections are known through a MySQL Connector/J query interceptor
 * ({@link ConnectionTrackingInterceptor}) added to each pool the starter builds, which
 * registers each physical connection once when the driver opens it: a borrow costs
 * nothing. Every open connection is aborted, not only those running a statement: a
 * borrowed connection between two statements would block on its next one, and an idle one
 * used in the last 500 ms is handed out by HikariCP without validation. MariaDB
 * Connector/J has no such per-connection hook, so pools using it only have their idle
 * connections evicted, and a caller already waiting on the hung server waits for the
 * socket timeout.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class HungServerRescue implements MySqlPoolCustomizer, Ordered, UnreachableServerListener, DisposableBean {

	/**
	 * The connection property naming the pool's entry in the registry.
	 */
	static final String REGISTRY_PROPERTY = "mysqlPoolTrackedConnections";

	/**
	 * By name, so that this class loads without Connector/J.
	 */
	static final String INTERCEPTOR = "io.github.mysqlpool.rescue.internal.ConnectionTrackingInterceptor";

	private static final Log logger = LogFactory.getLog(HungServerRescue.class);

	private static final String QUERY_INTERCEPTORS = "queryInterceptors";

	private final Map<HikariDataSource, TrackedConnections> pools = new ConcurrentHashMap<>();

	/**
	 * Runs the aborts: the driver closes the socket at once but then waits for the thread
	 * using the connection to let go of it, which the monitor's thread must not do.
	 */
	private final ThreadPoolExecutor aborts = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
			new SynchronousQueue<>(), new AbortThreadFactory());

	@Override
	public void customize(MySqlPool pool, HikariDataSource hikari) {
		String url = hikari.getJdbcUrl();
		if (url == null || !url.startsWith("jdbc:mysql:") || hikari.getDataSource() != null) {
			logger.info("Pool '" + pool.getName() + "' does not use MySQL Connector/J: when its server hangs, its idle "
					+ "connections are evicted but a caller already waiting on it waits for the socket timeout");
			return;
		}
		TrackedConnections tracked = new TrackedConnections();
		String interceptors = INTERCEPTOR;
		Object existing = hikari.getDataSourceProperties().get(QUERY_INTERCEPTORS);
		if (existing != null && !existing.toString().isBlank()) {
			interceptors = existing.toString().strip() + "," + interceptors;
		}
		hikari.addDataSourceProperty(QUERY_INTERCEPTORS, interceptors);
		hikari.addDataSourceProperty(REGISTRY_PROPERTY, TrackedConnections.register(pool.getName(), tracked));
		this.pools.put(hikari, tracked);
	}

	@Override
	public int getOrder() {
		return HUNG_SERVER_RESCUE_ORDER;
	}

	@Override
	public void serverUnreachable(MySqlPool pool, String error) {
		HikariDataSource hikari = pool.getHikari();
		if (hikari == null || hikari.isClosed()) {
			return;
		}
		HikariPoolMXBean running = hikari.getHikariPoolMXBean();
		if (running != null) {
			running.softEvictConnections();
		}
		TrackedConnections tracked = this.pools.get(hikari);
		int aborted = (tracked != null) ? tracked.abortAll(this.aborts) : 0;
		if (aborted > 0) {
			logger.warn("Server of pool '" + pool.getName() + "' unreachable (" + error + "): aborted its " + aborted
					+ " open connection(s), so that callers waiting on it fail now rather than at the socket timeout");
		}
	}

	/**
	 * Number of open connections known for a pool.
	 * @param hikari the pool
	 * @return the count, 0 when the pool is not tracked
	 */
	int trackedConnections(HikariDataSource hikari) {
		TrackedConnections tracked = this.pools.get(hikari);
		return (tracked != null) ? tracked.size() : 0;
	}

	@Override
	public void destroy() {
		this.aborts.shutdown();
	}

	/**
	 * Daemon threads named after the rescue.
	 */
	private static final class AbortThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "mysql-pool-abort-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
