package io.github.mysqlpool.retry;

import java.util.Locale;

/**
 * Why an attempt failed, as read from the MySQL error code and SQLState.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum FailureReason {

	/**
	 * Deadlock (1213, SQLState 40001): the server rolled the transaction back.
	 */
	DEADLOCK(true, false),

	/**
	 * Lock wait timeout (1205): the server rolled the statement back and the transaction
	 * boundary rolls back the rest.
	 */
	LOCK_WAIT_TIMEOUT(true, false),

	/**
	 * No connection could be obtained (pool timeout, connection refused): the work never
	 * reached the server.
	 */
	CONNECTION_NOT_OBTAINED(true, true),

	/**
	 * Too many connections (1040): the server refused the connection.
	 */
	TOO_MANY_CONNECTIONS(true, true),

	/**
	 * Server shutdown in progress (1053).
	 */
	SERVER_SHUTDOWN(true, true),

	/**
	 * The server runs read-only (1290, 1836), as an old primary does after a failover: it
	 * refused the write.
	 */
	READ_ONLY_SERVER(true, true),

	/**
	 * The session was killed (1927, 3169): the server rolled back its transaction.
	 */
	CONNECTION_KILLED(true, false),

	/**
	 * The connection was lost (2006, 2013, SQLState 08xxx) on an open connection.
	 */
	CONNECTION_LOST(true, true),

	/**
	 * Syntax error or unknown table or column (1064, SQLState 42xxx).
	 */
	SYNTAX_ERROR(false, false),

	/**
	 * Duplicate key (1062).
	 */
	DUPLICATE_KEY(false, false),

	/**
	 * Integrity constraint violated: foreign key, NOT NULL, CHECK (SQLState 23xxx).
	 */
	CONSTRAINT_VIOLATION(false, false),

	/**
	 * Invalid data: out of range, too long, wrong value (SQLState 22xxx).
	 */
	DATA_ERROR(false, false),

	/**
	 * Access denied (1044, 1045, 1142, 1227).
	 */
	ACCESS_DENIED(false, false),

	/**
	 * Any other failure, including the application's own exceptions.
	 */
	OTHER(false, false);

	private final boolean transientFailure;

	private final boolean primaryUnavailable;

	private final String tag;

	FailureReason(boolean transientFailure, boolean primaryUnavailable) {
		this.transientFailure = transientFailure;
		this.primaryUnavailable = primaryUnavailable;
		this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether an attempt failing for this reason may succeed when repeated, depending on
	 * what it was doing.
	 * @return whether the reason is transient
	 */
	public boolean isTransient() {
		return this.transientFailure;
	}

	/**
	 * Whether this reason shows the server unable to serve at all, as opposed to a server
	 * that answered with an error; counted by the primary's circuit breaker.
	 * @return whether the server looks unavailable
	 */
	public boolean isServerUnavailable() {
		return this.primaryUnavailable;
	}

	/**
	 * Lower-case name for logs and metric tags, such as {@code lock-wait-timeout}.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
