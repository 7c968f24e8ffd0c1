package io.github.mysqlpool.rescue.internal;

import java.sql.Connection;
import java.util.Properties;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import io.github.mysqlpool.internal.DirectConnections;
import org.jspecify.annotations.Nullable;

/**
 * Registers each physical connection of a pool in the pool's {@link TrackedConnections}
 * inside MySQL Connector/J, so that the connections of a hung server can be aborted.
 * <p>
 * The driver creates one interceptor per physical connection from its class name (the
 * {@code queryInterceptors} connection property) and calls {@link #init} once when it
 * opens the connection and {@link #destroy} when it closes it: that is all the work done
 * here. A borrow costs nothing, and a statement two calls that return at once. The
 * interceptor finds its pool through a connection property that {@link HungServerRescue}
 * sets on each pool. The starter's own connections (probes, inspection), which copy the
 * pool's driver properties, are not registered.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ConnectionTrackingInterceptor implements QueryInterceptor {

	private @Nullable TrackedConnections tracked;

	private @Nullable Connection connection;

	/**
	 * Create an interceptor; the driver does so once per connection.
	 */
	public ConnectionTrackingInterceptor() {
	}

	@Override
	public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
		String registryId = properties.getProperty(HungServerRescue.REGISTRY_PROPERTY);
		boolean starterConnection = Boolean
			.parseBoolean(properties.getProperty(DirectConnections.STARTER_CONNECTION_PROPERTY));
		TrackedConnections found = (registryId != null && !starterConnection) ? TrackedConnections.find(registryId)
				: null;
		if (found != null && connection instanceof Connection jdbcConnection) {
			found.add(jdbcConnection);
			this.tracked = found;
			this.connection = jdbcConnection;
		}
		return this;
	}

	@Override
	public <T extends Resultset> @Nullable T preProcess(Supplier<String> sql, Query interceptedQuery) {
		return null;
	}

	@Override
	public <T extends Resultset> @Nullable T postProcess(Supplier<String> sql, Query interceptedQuery,
			T originalResultSet, ServerSession serverSession) {
		return null;
	}

	@Override
	public boolean executeTopLevelOnly() {
		return true;
	}

	@Override
	public void destroy() {
		TrackedConnections current = this.tracked;
		Connection closed = this.connection;
		if (current != null && closed != null) {
			current.remove(closed);
		}
		this.tracked = null;
		this.connection = null;
	}

}
