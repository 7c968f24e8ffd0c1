package io.github.mysqlpool.routing;

import java.util.concurrent.ThreadLocalRandom;

import io.github.mysqlpool.internal.PoolLoad;
import io.github.mysqlpool.pool.MySqlPool;
import org.jspecify.annotations.Nullable;

/**
 * Uses a slow replica less: picks two replicas (one in turn, one at random) and takes the
 * one with the lower cost, the time-decaying average of its recent statement times times
 * its connections in use plus one (the power of two choices). The statement times come
 * from the Connector/J interceptor that times statements
 * ({@code mysql-pool.monitor.slow-query-timing}), the connections in use from the pool's
 * metrics tracker; without statement times it takes the less busy of the two.
 * <p>
 * A replica that is not chosen gets no new statement times, so its average would stay as
 * slow as when it was last used: the older its average is than the other candidate's, the
 * less it counts (halved for every 268 ms), so that a replica that recovered is tried
 * again within seconds. Choosing reads counters and a random number: no clock reading, no
 * lock, no allocation, nothing shared written, and no walk of a pool's connections.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class LatencyAwareReplicaSelector implements ReplicaSelector {

	/**
	 * An average this much older than the other candidate's counts half as much: 2^28 ns,
	 * about 268 ms.
	 */
	private static final int HALVING_SHIFT = 28;

	private final Turns turns = new Turns();

	@Override
	public @Nullable MySqlPool select(ReplicaSnapshot snapshot, long maxLagMillis) {
		int size = snapshot.size();
		if (size == 0) {
			return null;
		}
		if (size == 1) {
			return snapshot.isWithin(0, maxLagMillis) ? snapshot.replica(0) : null;
		}
		// The first candidate in turn, so that ties (an idle topology) spread evenly
		int first = this.turns.next(size);
		int second = ThreadLocalRandom.current().nextInt(size - 1);
		if (second >= first) {
			second++;
		}
		boolean firstWithin = snapshot.isWithin(first, maxLagMillis);
		boolean secondWithin = snapshot.isWithin(second, maxLagMillis);
		if (firstWithin && secondWithin) {
			MySqlPool a = snapshot.replica(first);
			MySqlPool b = snapshot.replica(second);
			return isCheaper(b, a) ? b : a;
		}
		if (firstWithin || secondWithin) {
			return snapshot.replica(firstWithin ? first : second);
		}
		return cheapestWithin(snapshot, maxLagMillis, first);
	}

	/**
	 * Neither candidate is within the read's bound: the cheapest of those that are, if
	 * any.
	 */
	private static @Nullable MySqlPool cheapestWithin(ReplicaSnapshot snapshot, long maxLagMillis, int start) {
		int size = snapshot.size();
		MySqlPool best = null;
		for (int i = 0; i < size; i++) {
			int index = (start + i < size) ? start + i : start + i - size;
			if (snapshot.isWithin(index, maxLagMillis)) {
				MySqlPool replica = snapshot.replica(index);
				if (best == null || isCheaper(replica, best)) {
					best = replica;
				}
			}
		}
		return best;
	}

	/**
	 * Whether a candidate costs less than another; ties go to the other.
	 */
	static boolean isCheaper(MySqlPool candidate, MySqlPool other) {
		PoolLoad candidateLoad = candidate.getLoad();
		PoolLoad otherLoad = other.getLoad();
		long candidateBusy = LeastActiveReplicaSelector.load(candidate) + 1L;
		long otherBusy = LeastActiveReplicaSelector.load(other) + 1L;
		long candidateTime = candidateLoad.statementNanos();
		long otherTime = otherLoad.statementNanos();
		if (candidateTime == 0 || otherTime == 0) {
			// Not both timed yet: the less busy one
			return candidateBusy < otherBusy;
		}
		long candidateAt = candidateLoad.sampledAtNanos();
		long otherAt = otherLoad.sampledAtNanos();
		if (candidateAt - otherAt < 0) {
			candidateTime = decayed(candidateTime, otherAt - candidateAt);
		}
		else {
			otherTime = decayed(otherTime, candidateAt - otherAt);
		}
		return candidateTime * candidateBusy < otherTime * otherBusy;
	}

	private static long decayed(long nanos, long olderByNanos) {
		long halvings = olderByNanos >>> HALVING_SHIFT;
		return (halvings >= 63) ? 0 : nanos >>> halvings;
	}

}
