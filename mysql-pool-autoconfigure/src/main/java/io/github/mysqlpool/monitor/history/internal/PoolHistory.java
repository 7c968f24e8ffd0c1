package io.github.mysqlpool.monitor.history.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The samples of every pool over the retention period, in a ring per pool of
 * {@code retention / sample-interval} samples (360 with the defaults), plus the last
 * {@value #MAX_EVENTS} pool events.
 * <p>
 * Memory bound: one sample with its two percentile records takes about 250 bytes on a
 * 64-bit JVM, so a pool costs about {@code capacity × 250} bytes (90 KB with the
 * defaults) and the whole history {@code pools × capacity × 250} bytes, plus
 * {@code capacity × 1500} bytes for the routing samples. The capacity is fixed at
 * start-up and never exceeded.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolHistory {

	/** Approximate size of one retained sample, for the documented memory bound. */
	public static final int BYTES_PER_SAMPLE = 250;

	/**
	 * Approximate size of one retained routing sample (its maps of a few counters), for
	 * the documented memory bound.
	 */
	public static final int BYTES_PER_ROUTER_SAMPLE = 1500;

	static final int MAX_EVENTS = 100;

	private final int capacity;

	private final Map<String, Deque<PoolSample>> samples = new LinkedHashMap<>();

	private final Deque<PoolEvent> events = new ArrayDeque<>();

	private final Deque<RouterSample> router = new ArrayDeque<>();

	/**
	 * Create a history holding at most the given number of samples per pool.
	 * @param capacity samples kept per pool
	 */
	public PoolHistory(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Number of samples needed to cover a retention period.
	 * @param retention how long samples are kept
	 * @param sampleInterval time between samples
	 * @return the capacity per pool
	 */
	public static int capacityFor(Duration retention, Duration sampleInterval) {
		return (int) Math.max(1, -Math.floorDiv(-retention.toMillis(), sampleInterval.toMillis()));
	}

	public int getCapacity() {
		return this.capacity;
	}

	/**
	 * Add a pool's sample, dropping its oldest when the ring is full.
	 * @param pool the pool name
	 * @param sample the sample
	 */
	public synchronized void add(String pool, PoolSample sample) {
		Deque<PoolSample> ring = this.samples.computeIfAbsent(pool, (name) -> new ArrayDeque<>(this.capacity));
		if (ring.size() == this.capacity) {
			ring.removeFirst();
		}
		ring.addLast(sample);
	}

	/**
	 * Add a routing sample, dropping the oldest when the ring is full.
	 * @param sample the sample
	 */
	public synchronized void addRouter(RouterSample sample) {
		if (this.router.size() == this.capacity) {
			this.router.removeFirst();
		}
		this.router.addLast(sample);
	}

	/**
	 * The routing samples, oldest first.
	 * @param since only samples taken after this instant, or {@code null} for all
	 * @return the samples
	 */
	public synchronized List<RouterSample> router(@Nullable Instant since) {
		List<RouterSample> result = new ArrayList<>();
		for (RouterSample sample : this.router) {
			if (since == null || sample.time().isAfter(since)) {
				result.add(sample);
			}
		}
		return result;
	}

	/**
	 * Record a pool event, dropping the oldest past {@value #MAX_EVENTS}.
	 * @param event the event
	 */
	public synchronized void addEvent(PoolEvent event) {
		if (this.events.size() == MAX_EVENTS) {
			this.events.removeFirst();
		}
		this.events.addLast(event);
	}

	/**
	 * The samples of one pool or of all, oldest first.
	 * @param pool a pool name, or {@code null} for every pool
	 * @param since only samples taken after this instant, or {@code null} for all
	 * @return samples per pool name
	 */
	public synchronized Map<String, List<PoolSample>> samples(@Nullable String pool, @Nullable Instant since) {
		Map<String, List<PoolSample>> result = new LinkedHashMap<>();
		this.samples.forEach((name, ring) -> {
			if (pool == null || pool.equals(name)) {
				List<PoolSample> selected = new ArrayList<>();
				for (PoolSample sample : ring) {
					if (since == null || sample.time().isAfter(since)) {
						selected.add(sample);
					}
				}
				result.put(name, selected);
			}
		});
		return result;
	}

	/**
	 * The samples of one pool, oldest first.
	 * @param pool the pool name
	 * @return the samples
	 */
	public List<PoolSample> samples(String pool) {
		List<PoolSample> list = samples(pool, null).get(pool);
		return (list != null) ? list : List.of();
	}

	/**
	 * The latest sample of a pool taken at or before an instant, else its oldest.
	 * @param pool the pool name
	 * @param instant the instant
	 * @return the sample, {@code null} when the pool has none
	 */
	public synchronized @Nullable PoolSample atOrBefore(String pool, Instant instant) {
		Deque<PoolSample> ring = this.samples.get(pool);
		if (ring == null || ring.isEmpty()) {
			return null;
		}
		PoolSample found = ring.peekFirst();
		for (PoolSample sample : ring) {
			if (sample.time().isAfter(instant)) {
				break;
			}
			found = sample;
		}
		return found;
	}

	/**
	 * The pool events, oldest first.
	 * @param pool a pool name, or {@code null} for every pool
	 * @param since only events after this instant, or {@code null} for all
	 * @return the events
	 */
	public synchronized List<PoolEvent> events(@Nullable String pool, @Nullable Instant since) {
		List<PoolEvent> result = new ArrayList<>();
		for (PoolEvent event : this.events) {
			if ((pool == null || pool.equals(event.pool())) && (since == null || event.time().isAfter(since))) {
				result.add(event);
			}
		}
		return result;
	}

}
