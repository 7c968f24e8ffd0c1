package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.github.mysqlpool.internal.ConnectionFailures;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.routing.ReplicaSelector;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The router's borrows from a replica in rotation: the selector picks one within the
 * read's lag bound, and a replica whose pool cannot reach its server is reported (so that
 * it leaves the rotation at once) and another one is picked. Reads one volatile snapshot;
 * no allocation, no lock.
 *
 * @author mysql-pool team
 */
final class ReplicaRoute {

	private final ReplicaRotation rotation;

	ReplicaRoute(ReplicaRotation rotation) {
		this.rotation = rotation;
	}

	/**
	 * A connection from a fit replica.
	 * @param selector how to choose among the replicas in rotation
	 * @param maxLag the read's lag bound in milliseconds
	 * @param observer told which replica served, {@code null} for none
	 * @return the connection, or {@code null} when no replica is fit
	 * @throws SQLException a replica's failure other than being unreachable
	 */
	@Nullable Connection borrow(ReplicaSelector selector, long maxLag, @Nullable RoutingObserver observer) throws SQLException {
		ReplicaSnapshot snapshot = this.rotation.current();
		int attempts = snapshot.size();
		for (int attempt = 0; attempt < attempts; attempt++) {
			MySqlPool replica = selector.select(snapshot, maxLag);
			if (replica == null) {
				break;
			}
			Connection connection;
			try {
				connection = replica.getDataSource().getConnection();
			}
			catch (SQLException ex) {
				// The monitor takes the replica out of rotation before we pick again
				if (!ConnectionFailures.isConnectionFailure(ex)
						|| !this.rotation.reportConnectionFailure(replica, ex)) {
					throw ex;
				}
				snapshot = this.rotation.current();
				continue;
			}
			replica.recordRoutedBorrow();
			if (observer != null) {
				observer.served(replica, lagOf(snapshot, replica));
			}
			return connection;
		}
		return null;
	}

	private static long lagOf(ReplicaSnapshot snapshot, MySqlPool replica) {
		for (int i = 0; i < snapshot.size(); i++) {
			if (snapshot.replica(i) == replica) {
				return snapshot.lagMillis(i);
			}
		}
		return ReplicaSnapshot.UNKNOWN_LAG;
	}

}
