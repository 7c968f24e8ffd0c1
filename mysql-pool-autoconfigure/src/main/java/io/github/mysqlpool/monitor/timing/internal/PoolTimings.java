package io.github.mysqlpool.monitor.timing.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

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

	private final LatencyWindow statements = new LatencyWindow();

	private final LongAdder statementErrors = new LongAdder();

	private volatile @Nullable StatementListener statementListener;

	private final Set<Long> sessions = ConcurrentHashMap.newKeySet();

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

	/**
	 * Record one statement of the pool, timed by the driver. No allocation.
	 * @param kind the statement's kind
	 * @param success whether it succeeded
	 * @param nanos how long it took
	 */
	public void recordStatement(StatementKind kind, boolean success, long nanos) {
		this.statements.record(nanos);
		if (!success) {
			this.statementErrors.increment();
		}
		StatementListener listener = this.statementListener;
		if (listener != null) {
			listener.statementExecuted(kind, success, nanos);
		}
	}

	/**
	 * Tell a listener of every statement of the pool from now on.
	 * @param listener the listener, such as Micrometer timers
	 */
	public void setStatementListener(@Nullable StatementListener listener) {
		this.statementListener = listener;
	}

	/**
	 * Statements the pool's connections ran since start (timed by MySQL Connector/J).
	 * @return the count
	 */
	public long getStatements() {
		return this.statements.count();
	}

	/**
	 * Statements that failed since start.
	 * @return the count
	 */
	public long getStatementErrors() {
		return this.statementErrors.sum();
	}

	/**
	 * Statement times since the given count of statements.
	 * @param sinceStatements a value of {@link #getStatements()}, 0 for the last 1024
	 * @return the distribution in milliseconds
	 */
	public Percentiles statementTime(long sinceStatements) {
		return this.statements.since(sinceStatements);
	}

	/**
	 * Note the server session of one of the pool's connections, at its first statement.
	 * @param sessionId the session id (processlist id)
	 */
	public void addSession(long sessionId) {
		this.sessions.add(sessionId);
	}

	/**
	 * Forget the server session of a connection that closed.
	 * @param sessionId the session id (processlist id)
	 */
	public void removeSession(long sessionId) {
		this.sessions.remove(sessionId);
	}

	/**
	 * Server session ids (processlist ids) of the pool's open connections that have run a
	 * statement, as MySQL Connector/J reported them: what a guard may kill a statement
	 * of, and nothing else.
	 * @return a copy of the ids
	 */
	public Set<Long> sessions() {
		return Set.copyOf(this.sessions);
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
