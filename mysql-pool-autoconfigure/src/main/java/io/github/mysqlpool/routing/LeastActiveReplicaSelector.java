package io.github.mysqlpool.routing;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.internal.PoolLoad;
import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replica whose pool has the fewest connections in use plus threads waiting for
 * one, among those within the read's lag bound. Ties go to each replica in turn, so that
 * an idle topology still spreads its reads. Reads counters, whatever the pools' size: no
 * lock, no allocation.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class LeastActiveReplicaSelector implements ReplicaSelector {

	private final Turns turns = new Turns();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		int start = this.turns.next(size);
		MySqlPool best = null;
		int bestLoad = Integer.MAX_VALUE;
		for (int i = 0; i < size; i++) {
			int index = (start + i < size) ? start + i : start + i - size;
			if (snapshot.isWithin(index, maxLagMillis)) {
				MySqlPool replica = snapshot.replica(index);
				int load = load(replica);
				if (load < bestLoad) {
					best = replica;
					bestLoad = load;
				}
			}
		}
		return best;
	}

	/**
	 * Connections in use plus threads waiting for one; 0 for a pool not started yet. The
	 * connections in use come from the counters of the pool's metrics tracker when it has
	 * the starter's: HikariCP's own count walks the pool's connection list.
	 * @param replica the replica
	 * @return its load
	 */
	static int load(MySqlPool replica) {
		HikariDataSource hikari = replica.getHikari();
		HikariPoolMXBean pool = (hikari != null) ? hikari.getHikariPoolMXBean() : null;
		int waiting = (pool != null) ? pool.getThreadsAwaitingConnection() : 0;
		PoolLoad load = replica.getLoad();
		if (load.isTracked()) {
			return (int) load.connectionsInUse() + waiting;
		}
		return (pool != null) ? pool.getActiveConnections() + waiting : 0;
	}

}
