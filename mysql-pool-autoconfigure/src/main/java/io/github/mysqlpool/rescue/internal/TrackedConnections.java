package io.github.mysqlpool.rescue.internal;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The open physical connections of one pool, registered once per connection by
 * {@link ConnectionTrackingInterceptor} when the driver opens it and removed when the
 * driver closes it: nothing is done per borrow or per statement. The interceptor finds a
 * pool's entry through a connection property naming it in a registry held here, which
 * holds each entry weakly.
 *
 * @author mysql-pool team
 */
final class TrackedConnections {

	private static final Map<String, WeakReference<TrackedConnections>> registry = new ConcurrentHashMap<>();

	private static final AtomicLong ids = new AtomicLong();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	/**
	 * Register a pool's connections.
	 * @param pool the pool name
	 * @param connections where its connections are registered, held weakly
	 * @return the id for the interceptor's connection property
	 */
	static String register(String pool, TrackedConnections connections) {
		registry.values().removeIf((entry) -> entry.get() == null);
		String id = pool + "#" + ids.incrementAndGet();
		registry.put(id, new WeakReference<>(connections));
		return id;
	}

	static @Nullable TrackedConnections find(String id) {
		WeakReference<TrackedConnections> entry = registry.get(id);
		return (entry != null) ? entry.get() : null;
	}

	void add(Connection connection) {
		// Connections the driver closed without telling its interceptors
		this.connections.removeIf(TrackedConnections::isClosed);
		this.connections.add(connection);
	}

	void remove(Connection connection) {
		this.connections.remove(connection);
	}

	int size() {
		return this.connections.size();
	}

	/**
	 * Abort every connection: each one's socket is closed on the executor, so that a
	 * thread blocked reading from it fails at once.
	 * @param executor where the driver runs each abort
	 * @return the number of connections aborted
	 */
	int abortAll(Executor executor) {
		int aborted = 0;
		for (Connection connection : this.connections) {
			if (this.connections.remove(connection)) {
				try {
					connection.abort(executor);
					aborted++;
				}
				catch (SQLException | RuntimeException ex) {
					// Already closed: nothing to rescue
				}
			}
		}
		return aborted;
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

}
