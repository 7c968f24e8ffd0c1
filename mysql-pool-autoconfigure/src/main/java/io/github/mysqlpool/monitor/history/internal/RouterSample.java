package io.github.mysqlpool.monitor.history.internal;

import java.time.Instant;
import java.util.Map;

/**
 * The routing's counters at one instant, since start-up.
 *
 * @param time when they were read
 * @param readsPerReplica reads each replica served
 * @param writes connections borrowed for writes
 * @param fallbacksToPrimary reads the primary served because no replica was fit, by
 * reason ({@code no-replica-in-rotation}, {@code max-lag})
 * @param failedReads reads that failed because no replica was fit
 * ({@code fallback: fail}), by reason
 * @param fencedReadsByReplica reads fenced by read-your-writes that a replica served
 * after waiting for the writes
 * @param fencedReadsByPrimary reads fenced by read-your-writes that the primary served,
 * by reason ({@code primary-window}, {@code position-unknown}, {@code replica-behind},
 * {@code replica-unanswered})
 * @param retries failed attempts of retried methods by outcome ({@code retried},
 * {@code exhausted}...) and reason ({@code deadlock}, {@code connection-lost}...)
 * @author mysql-pool team
 * @since 0.1.0
 */
public record RouterSample(Instant time, Map<String, Long> readsPerReplica, long writes,
		Map<String, Long> fallbacksToPrimary, Map<String, Long> failedReads, long fencedReadsByReplica,
		Map<String, Long> fencedReadsByPrimary, Map<String, Map<String, Long>> retries) {

}
