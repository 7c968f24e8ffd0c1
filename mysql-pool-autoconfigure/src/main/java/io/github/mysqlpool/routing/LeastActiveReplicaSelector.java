package io.github.mysqlpool.routing;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Takes the replica whose pool has the fewest connections in use plus threads waiting for
 * one, among those within the read's lag bound. Ties go to each replica in turn, so that
 * an idle topology still spreads its reads. Reads the pools' own counters: no lock, no
 * allocation.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class LeastActiveReplicaSelector implements ReplicaSelector {

	private final AtomicInteger counter = new AtomicInteger();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		int start = (this.counter.getAndIncrement() & Integer.MAX_VALUE) % size;
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
	 * Connections in use plus threads waiting for one; 0 for a pool not started yet.
	 * @param replica the replica
	 * @return its load
	 */
	static int load(MySqlPool replica) {
		HikariDataSource hikari = replica.getHikari();
		if (hikari == null) {
			return 0;
		}
		HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
		return (pool != null) ? pool.getActiveConnections() + pool.getThreadsAwaitingConnection() : 0;
	}

}
