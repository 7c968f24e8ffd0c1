package io.github.mysqlpool.monitor.timing.internal;

/**
 * Told of each timed statement of a pool, such as the Micrometer timers; called on the
 * statement's thread, it must not allocate or block.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface StatementListener {

	/**
	 * One statement ran.
	 * @param kind its kind
	 * @param success whether it succeeded
	 * @param nanos how long it took, from sending it to reading its results
	 */
	void statementExecuted(StatementKind kind, boolean success, long nanos);

}
