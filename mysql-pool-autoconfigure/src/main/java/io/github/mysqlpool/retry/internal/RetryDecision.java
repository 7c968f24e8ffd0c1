package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.retry.FailureCategory;
import io.github.mysqlpool.retry.FailureReason;
import io.github.mysqlpool.retry.MySqlErrorClassifier;
import io.github.mysqlpool.retry.MySqlFailure;
import io.github.mysqlpool.retry.MySqlOutcomeUnknownException;
import io.github.mysqlpool.retry.PrimaryCircuitOpenException;
import io.github.mysqlpool.retry.WorkPhase;
import io.github.mysqlpool.retry.internal.RetriedMethods.RetriedMethod;
import org.jspecify.annotations.Nullable;

/**
 * What a failed attempt means: its failure classified, and whether repeating it is safe.
 * Reads are repeated after any {@link FailureCategory#TRANSIENT transient} failure as
 * long as the attempt began no read-write transaction; a write only when its attempt left
 * nothing committed or it is idempotent; an attempt that went on after a COMMIT of
 * unknown outcome is judged an unknown outcome; permanent failures never.
 *
 * @param failure the classified failure, or {@code null} when the circuit refused the
 * attempt
 * @param retry whether the attempt may be repeated
 * @param finalOutcome how the attempt is counted when no further one follows
 * @param toThrow what the caller gets when no further attempt follows
 * @author mysql-pool team
 */
record RetryDecision(@Nullable MySqlFailure failure, boolean retry, AttemptOutcome finalOutcome, Throwable toThrow) {

	/**
	 * Decide what a failed attempt means. A read-only method whose attempt began a
	 * read-write transaction (a {@code REQUIRES_NEW} write it called) is judged as a
	 * write.
	 * @param method the retried method
	 * @param failure what the attempt threw
	 * @param journal what the attempt did with its transactions
	 * @param classifier how to classify failures
	 * @return the decision
	 */
	static RetryDecision decide(RetriedMethod method, Throwable failure, AttemptJournal journal,
			MySqlErrorClassifier classifier) {
		boolean read = method.readOnly() && !journal.beganReadWriteTransaction();
		WorkPhase phase = read ? WorkPhase.READ : journal.writePhase();
		MySqlFailure classified = classifier.classify(failure, phase);
		Throwable lostCommit = journal.commitOfUnknownOutcome();
		boolean wentOnAfterFailedCommit = journal.wentOnAfterFailedCommit()
				|| (lostCommit != null && !isCausedBy(failure, lostCommit));
		if (wentOnAfterFailedCommit && classified.category() != FailureCategory.PERMANENT) {
			// The attempt went on after a COMMIT that may have been applied, as when a
			// REQUIRES_NEW transaction's lost COMMIT was caught: repeating it could apply
			// that COMMIT twice
			MySqlFailure commitFailure = (lostCommit != null) ? classifier.classify(lostCommit, WorkPhase.COMMIT)
					: classified;
			classified = new MySqlFailure(FailureCategory.OUTCOME_UNKNOWN, commitFailure.reason(),
					commitFailure.errorCode(), commitFailure.sqlState());
			phase = WorkPhase.COMMIT;
		}
		switch (classified.category()) {
			case TRANSIENT:
				if (read || method.idempotent() || journal.leftNothingCommitted()) {
					return new RetryDecision(classified, true, AttemptOutcome.EXHAUSTED, failure);
				}
				return new RetryDecision(classified, false, AttemptOutcome.NOT_RETRIED, failure);
			case OUTCOME_UNKNOWN:
				if (method.idempotent()) {
					return new RetryDecision(classified, true, AttemptOutcome.EXHAUSTED, failure);
				}
				return new RetryDecision(classified, false, AttemptOutcome.OUTCOME_UNKNOWN,
						new MySqlOutcomeUnknownException(method.name(), classified, phase, failure));
			default:
				return new RetryDecision(classified, false, AttemptOutcome.NOT_RETRIED, failure);
		}
	}

	/**
	 * The decision on a write attempt that the open circuit refused: not repeated.
	 * @param method the retried method
	 * @param circuit the primary's circuit breaker
	 * @return the decision
	 */
	static RetryDecision refused(RetriedMethod method, PrimaryCircuit circuit) {
		return new RetryDecision(null, false, AttemptOutcome.REJECTED,
				new PrimaryCircuitOpenException(method.name(), circuit.describe()));
	}

	private static boolean isCausedBy(Throwable failure, Throwable cause) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < 32; depth++) {
			if (current == cause) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * Tell the primary's circuit how a write attempt ended: the server was unavailable,
	 * or it answered (with an error of its own).
	 * @param circuit the primary's circuit breaker
	 * @param thrown what the attempt threw
	 * @param durationNanos how long the attempt took
	 */
	void recordOn(PrimaryCircuit circuit, Throwable thrown, long durationNanos) {
		MySqlFailure classified = this.failure;
		if (classified != null && classified.reason().isServerUnavailable()) {
			circuit.onUnavailable(durationNanos, thrown);
		}
		else {
			circuit.onAnswered(durationNanos);
		}
	}

	/**
	 * Why the attempt failed.
	 * @return the reason, or {@code null} when the circuit refused the attempt
	 */
	@Nullable FailureReason reason() {
		MySqlFailure classified = this.failure;
		return (classified != null) ? classified.reason() : null;
	}

}
