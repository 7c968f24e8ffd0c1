package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.github.mysqlpool.routing.NoFitReplicaException;
import io.github.mysqlpool.routing.ReplicaFallback;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.internal.RouterStatistics.FallbackReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a read does when no replica is fit, as the {@link ReplicaFallback} says: go to the
 * primary (made read-only) or fail with a {@link NoFitReplicaException}. Counts such
 * reads, and logs once when reads start falling back and once when replicas serve them
 * again, not on every call. A read served by a replica costs two volatile reads here.
 *
 * @author mysql-pool team
 */
final class ReadFallback {

	// Logged under the router's name, as before the router was split
	private static final Log logger = LogFactory.getLog(MySqlRoutingDataSource.class);

	private final ReplicaFallback mode;

	private final boolean hasReplicas;

	private final ReplicaRotation rotation;

	private final WriterRoute writer;

	private final RouterStatistics statistics;

	private final LongAdder fallbacksToPrimary = new LongAdder();

	private final LongAdder failedReads = new LongAdder();

	private final AtomicBoolean fallingBack = new AtomicBoolean();

	/**
	 * Whether reads with a per-call max-lag fall back while other reads may still be
	 * served by replicas: a state of its own, so that such reads and unbounded ones do
	 * not flip one flag, and log, on every call.
	 */
	private final AtomicBoolean boundedFallingBack = new AtomicBoolean();

	ReadFallback(ReplicaFallback mode, boolean hasReplicas, ReplicaRotation rotation, WriterRoute writer,
			RouterStatistics statistics) {
		this.mode = mode;
		this.hasReplicas = hasReplicas;
		this.rotation = rotation;
		this.writer = writer;
		this.statistics = statistics;
	}

	/**
	 * Serve a read that no replica could: from the primary, or fail.
	 * @param maxLag the read's lag bound in milliseconds
	 * @param observer told of the fallback, {@code null} for none
	 * @return a read-only primary connection
	 * @throws SQLException the primary's failure, or {@link NoFitReplicaException} when
	 * reads fail instead
	 */
	Connection fallBack(long maxLag, @Nullable RoutingObserver observer) throws SQLException {
		if (!this.hasReplicas) {
			return this.writer.borrowForRead(observer);
		}
		ReplicaSnapshot snapshot = this.rotation.current();
		// Replicas in rotation serve reads without a per-call bound
		boolean perCall = maxLag != ReplicaSnapshot.UNKNOWN_LAG && !snapshot.isEmpty();
		AtomicBoolean state = perCall ? this.boundedFallingBack : this.fallingBack;
		String which = perCall ? "reads with a per-call max-lag" : "reads";
		FallbackReason why = perCall ? FallbackReason.MAX_LAG : FallbackReason.NO_REPLICA_IN_ROTATION;
		if (this.mode == ReplicaFallback.FAIL) {
			this.failedReads.increment();
			this.statistics.recordFailedRead(why);
			String reason = reason(snapshot, maxLag);
			if (observer != null) {
				observer.fellBack("fail", reason);
			}
			if (state.compareAndSet(false, true)) {
				logger.warn("No replica is fit for " + which + " (" + reason + "); they fail until one is");
			}
			throw new NoFitReplicaException("No replica is fit to serve this read (" + reason
					+ ") and mysql-pool.replication.fallback is 'fail'");
		}
		this.fallbacksToPrimary.increment();
		if (observer != null) {
			observer.fellBack("primary", reason(snapshot, maxLag));
		}
		this.statistics.recordFallback(why);
		if (state.compareAndSet(false, true)) {
			logger.warn("No replica is fit for " + which + " (" + reason(snapshot, maxLag)
					+ "); they go to the primary until one is");
		}
		return this.writer.borrowForRead(observer);
	}

	/**
	 * A replica served a read: end the fallback state it ends, if any.
	 * @param maxLag the read's lag bound in milliseconds
	 */
	void servedByReplicas(long maxLag) {
		if (this.fallingBack.get() || this.boundedFallingBack.get()) {
			servedByReplicasAgain(maxLag);
		}
	}

	private void servedByReplicasAgain(long maxLag) {
		if (this.fallingBack.compareAndSet(true, false)) {
			logger.info("Reads are served by replicas again");
		}
		if (maxLag != ReplicaSnapshot.UNKNOWN_LAG && this.boundedFallingBack.compareAndSet(true, false)) {
			logger.info("Reads with a per-call max-lag are served by replicas again");
		}
	}

	private static String reason(ReplicaSnapshot snapshot, long maxLag) {
		StringBuilder reason = new StringBuilder();
		if (snapshot.isEmpty()) {
			reason.append("no replica in rotation");
		}
		else {
			reason.append("no replica within this read's max-lag of ").append(maxLag).append(" ms:");
			for (int i = 0; i < snapshot.size(); i++) {
				long lag = snapshot.lagMillis(i);
				reason.append(' ')
					.append(snapshot.replica(i).getName())
					.append(" lags ")
					.append((lag == ReplicaSnapshot.UNKNOWN_LAG) ? "an unknown time" : lag + " ms");
			}
		}
		if (!snapshot.exclusions().isEmpty()) {
			reason.append("; out of rotation: ").append(snapshot.exclusions());
		}
		return reason.toString();
	}

	ReplicaFallback mode() {
		return this.mode;
	}

	long fallbacksToPrimary() {
		return this.fallbacksToPrimary.sum();
	}

	long failedReads() {
		return this.failedReads.sum();
	}

}
