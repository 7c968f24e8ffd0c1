package io.github.mysqlpool.retry;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * Thrown instead of retrying when the connection was lost while a write or its COMMIT was
 * in flight, or when the attempt went on after a COMMIT of its own that failed (a
 * {@code REQUIRES_NEW} transaction's, whose failure the method caught): the server may or
 * may not have applied it. The cause is the attempt's failure. Check whether the write
 * took effect before repeating it, or mark the method
 * {@link RetryableTransaction#idempotent() idempotent} if repeating it is harmless.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlOutcomeUnknownException extends NonTransientDataAccessException {

	private final MySqlFailure failure;

	private final WorkPhase phase;

	/**
	 * Create the exception.
	 * @param method the method whose attempt failed, as {@code Type.method}
	 * @param failure the classified failure
	 * @param phase what the attempt was doing
	 * @param cause the failure itself
	 */
	public MySqlOutcomeUnknownException(String method, MySqlFailure failure, WorkPhase phase, Throwable cause) {
		super(message(method, failure, phase), cause);
		this.failure = failure;
		this.phase = phase;
	}

	private static String message(String method, MySqlFailure failure, WorkPhase phase) {
		String during = (phase == WorkPhase.COMMIT) ? "while COMMIT was in flight"
				: "while a write outside a transaction was in flight";
		return "Outcome of " + method + " is unknown: " + failure.describe() + " " + during
				+ ". The write may or may not have been applied, so it was not retried. Check whether it took "
				+ "effect before repeating it, or mark the method @RetryableTransaction(idempotent = true) "
				+ "if repeating it is harmless.";
	}

	/**
	 * The classified failure of the attempt.
	 * @return the failure
	 */
	public MySqlFailure getFailure() {
		return this.failure;
	}

	/**
	 * What the attempt was doing when the connection was lost.
	 * @return the phase
	 */
	public WorkPhase getPhase() {
		return this.phase;
	}

}
