package io.github.mysqlpool.monitor;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one pool's HikariCP metrics tracker has seen: how long callers waited for a
 * connection, how long they held it, and how often they gave up waiting.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public final class PoolTimings {

	private final LatencyWindow acquire = new LatencyWindow();

	private final LatencyWindow usage = new LatencyWindow();

	private final LongAdder timeouts = new LongAdder();

	private volatile boolean tracked;

	void recordAcquired(long nanos) {
		this.acquire.record(nanos);
	}

	void recordUsage(long millis) {
		this.usage.record(millis * 1_000_000);
	}

	void recordTimeout() {
		this.timeouts.increment();
	}

	void markTracked() {
		this.tracked = true;
	}

	/**
	 * Whether the pool reports to this object (false for a pool the starter could not
	 * instrument, such as an adopted one that was already started).
	 * @return whether timings are recorded
	 */
	public boolean isTracked() {
		return this.tracked;
	}

	/**
	 * Connections handed out by the pool since start.
	 * @return the count
	 */
	public long getBorrows() {
		return this.acquire.count();
	}

	/**
	 * Callers that gave up waiting for a connection (connection-timeout) since start.
	 * @return the count
	 */
	public long getTimeouts() {
		return this.timeouts.sum();
	}

	/**
	 * Time callers waited for a connection, since the given borrow count.
	 * @param sinceBorrows a value of {@link #getBorrows()}, 0 for the last 1024
	 * @return the distribution in milliseconds
	 */
	public Percentiles acquireTime(long sinceBorrows) {
		return this.acquire.since(sinceBorrows);
	}

	/**
	 * Time callers held a connection, since the given count of returns.
	 * @param sinceReturns a value of {@link #getReturns()}, 0 for the last 1024
	 * @return the distribution in milliseconds
	 */
	public Percentiles usageTime(long sinceReturns) {
		return this.usage.since(sinceReturns);
	}

	/**
	 * Connections borrowed and not yet returned, from the same counters: a reader racing
	 * a borrow or a return may be one off.
	 * @return the count, never negative
	 */
	public long getInUse() {
		return Math.max(0, this.acquire.count() - this.usage.count() - this.timeouts.sum());
	}

	/**
	 * Connections given back to the pool since start.
	 * @return the count
	 */
	public long getReturns() {
		return this.usage.count();
	}

}
