package io.github.mysqlpool.retry;

/**
 * What a failed attempt means for repeating it.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public enum FailureCategory {

	/**
	 * The attempt left nothing behind (the server rolled it back, or it never reached the
	 * server) and may succeed when repeated.
	 */
	TRANSIENT,

	/**
	 * The connection was lost while a write or a COMMIT was in flight: the server may or
	 * may not have applied it, so repeating it could apply it twice.
	 */
	OUTCOME_UNKNOWN,

	/**
	 * Repeating the attempt would fail the same way (syntax error, duplicate key,
	 * constraint, data error, access denied, or a failure of the application itself).
	 */
	PERMANENT

}
