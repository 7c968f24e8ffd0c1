package io.github.mysqlpool.routing;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The application's {@code DataSource}: hands out primary connections for writes and
 * replica connections for read-only work ({@link ReadOnly} and read-only transactions),
 * falling back to the primary when no replica is in rotation.
 * <p>
 * Choosing the pool reads two thread locals and one volatile snapshot and asks the
 * {@link ReplicaSelector}: no allocation, no lock.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlRoutingDataSource extends AbstractDataSource {

	private final MySqlPool primary;

	private final ReplicaRotation rotation;

	private final ReplicaSelector selector;

	/**
	 * Create the routing data source.
	 * @param pools the pools to route between
	 * @param rotation the replicas in rotation
	 * @param selector how to choose among them
	 */
	public MySqlRoutingDataSource(MySqlPools pools, ReplicaRotation rotation, ReplicaSelector selector) {
		this.primary = pools.getPrimary();
		this.rotation = rotation;
		this.selector = selector;
	}

	@Override
	public Connection getConnection() throws SQLException {
		MySqlPool pool = determinePool();
		Connection connection = pool.getDataSource().getConnection();
		pool.recordRoutedBorrow();
		return connection;
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return determinePool().getDataSource().getConnection(username, password);
	}

	/**
	 * The pool a connection borrowed now would come from.
	 * @return the pool for the current thread's work
	 */
	public MySqlPool determinePool() {
		if (!RoutingContext.isReadOnlyRoute()) {
			return this.primary;
		}
		MySqlPool replica = this.selector.select(this.rotation.current());
		return (replica != null) ? replica : this.primary;
	}

	@Override
	public String toString() {
		return "MySqlRoutingDataSource{primary=" + this.primary.getName() + "}";
	}

}
