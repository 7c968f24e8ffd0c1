package io.github.mysqlpool.routing.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.mysqlpool.routing.ReplicaFallback;

/**
 * What the routing data source did beyond serving reads from replicas, which each replica
 * pool counts itself: writes, reads sent to the primary or failed because no replica was
 * fit (and why), and reads fenced by read-your-writes (served by a replica after a wait,
 * or by the primary, and why). Each counter is a {@link LongAdder} incremented off the
 * common read path: a read served by a replica counts nothing here.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class RouterStatistics {

	private static final FallbackReason[] FALLBACK_REASONS = FallbackReason.values();

	private static final FencedReason[] FENCED_REASONS = FencedReason.values();

	private final LongAdder writes = new LongAdder();

	private final LongAdder[] fallbacks = adders(FALLBACK_REASONS.length);

	private final LongAdder[] failedReads = adders(FALLBACK_REASONS.length);

	private final LongAdder fencedByReplica = new LongAdder();

	private final LongAdder[] fencedByPrimary = adders(FENCED_REASONS.length);

	private static LongAdder[] adders(int count) {
		LongAdder[] adders = new LongAdder[count];
		for (int i = 0; i < count; i++) {
			adders[i] = new LongAdder();
		}
		return adders;
	}

	void recordWrite() {
		this.writes.increment();
	}

	void recordFallback(FallbackReason reason) {
		this.fallbacks[reason.ordinal()].increment();
	}

	void recordFailedRead(FallbackReason reason) {
		this.failedReads[reason.ordinal()].increment();
	}

	void recordFencedByReplica() {
		this.fencedByReplica.increment();
	}

	void recordFencedByPrimary(FencedReason reason) {
		this.fencedByPrimary[reason.ordinal()].increment();
	}

	/**
	 * Connections borrowed for writes since start-up.
	 * @return the count
	 */
	public long getWrites() {
		return this.writes.sum();
	}

	/**
	 * Reads the primary served because no replica was fit, by reason.
	 * @return counts by reason ({@code no-replica-in-rotation}, {@code max-lag})
	 */
	public Map<String, Long> getFallbacksToPrimary() {
		return byReason(this.fallbacks, FALLBACK_REASONS);
	}

	/**
	 * Reads that failed because no replica was fit and the fallback is
	 * {@link ReplicaFallback#FAIL}, by reason.
	 * @return counts by reason
	 */
	public Map<String, Long> getFailedReads() {
		return byReason(this.failedReads, FALLBACK_REASONS);
	}

	/**
	 * Reads fenced by read-your-writes that a replica served once it had the writes.
	 * @return the count
	 */
	public long getFencedReadsByReplica() {
		return this.fencedByReplica.sum();
	}

	/**
	 * Reads fenced by read-your-writes that the primary served, by reason.
	 * @return counts by reason ({@code primary-window}, {@code position-unknown},
	 * {@code replica-behind}, {@code replica-unanswered})
	 */
	public Map<String, Long> getFencedReadsByPrimary() {
		return byReason(this.fencedByPrimary, FENCED_REASONS);
	}

	private static Map<String, Long> byReason(LongAdder[] adders, Enum<?>[] reasons) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < reasons.length; i++) {
			counts.put(reasons[i].name().toLowerCase(Locale.ROOT).replace('_', '-'), adders[i].sum());
		}
		return counts;
	}

	/**
	 * Why no replica served a read.
	 */
	enum FallbackReason {

		/** Every replica is out of rotation. */
		NO_REPLICA_IN_ROTATION,

		/** No replica in rotation is within the read's own max-lag. */
		MAX_LAG

	}

	/**
	 * Why the primary served a read fenced by read-your-writes.
	 */
	enum FencedReason {

		/** The primary-window mode sends such reads to the primary. */
		PRIMARY_WINDOW,

		/** The primary could not tell how far its writes went. */
		POSITION_UNKNOWN,

		/** The replica did not apply the writes within the wait. */
		REPLICA_BEHIND,

		/** The replica could not be asked. */
		REPLICA_UNANSWERED

	}

}
