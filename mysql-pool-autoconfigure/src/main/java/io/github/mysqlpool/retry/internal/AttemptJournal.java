package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.retry.WorkPhase;
import org.jspecify.annotations.Nullable;

/**
 * What one attempt of a retried method did with transactions, recorded by
 * {@link AttemptTrackingListener} on the attempt's thread: which transactions began,
 * which committed, and whether a COMMIT failed. It tells a lost connection before COMMIT
 * (the server rolls the transaction back) from one during COMMIT (outcome unknown), and
 * remembers a COMMIT of unknown outcome that the attempt went on after, such as a
 * {@code REQUIRES_NEW} transaction whose failure the caller caught.
 *
 * @author mysql-pool team
 */
final class AttemptJournal {

	/**
	 * One journal per thread, reset for each attempt: a retried method runs no other
	 * retried method's attempts inside its own (the outermost boundary retries), so
	 * attempts on one thread never overlap, and a call allocates no journal.
	 */
	private static final ThreadLocal<AttemptJournal> journals = ThreadLocal.withInitial(AttemptJournal::new);

	private boolean open;

	private boolean readWriteBegun;

	private int readWriteCommitted;

	private boolean commitInFlight;

	private boolean commitFailed;

	private @Nullable Throwable commitOfUnknownOutcome;

	private boolean wentOnAfterFailedCommit;

	private AttemptJournal() {
	}

	/**
	 * The journal of the attempt running on this thread.
	 * @return the journal, or {@code null} outside a retried method
	 */
	static @Nullable AttemptJournal current() {
		AttemptJournal journal = journals.get();
		return journal.open ? journal : null;
	}

	/**
	 * Start recording an attempt on this thread, outside any other attempt.
	 * @return the journal, to {@link #close()} when the attempt ends
	 */
	static AttemptJournal open() {
		AttemptJournal journal = journals.get();
		if (journal.open) {
			throw new IllegalStateException("An attempt is already being recorded on this thread");
		}
		journal.open = true;
		journal.readWriteBegun = false;
		journal.readWriteCommitted = 0;
		journal.commitInFlight = false;
		journal.commitFailed = false;
		journal.commitOfUnknownOutcome = null;
		journal.wentOnAfterFailedCommit = false;
		return journal;
	}

	/**
	 * Stop recording, letting go of the failure recorded.
	 */
	void close() {
		this.open = false;
		this.commitOfUnknownOutcome = null;
	}

	void transactionBeginning(boolean readOnly) {
		noteEvent();
		if (!readOnly) {
			this.readWriteBegun = true;
		}
	}

	void commitStarting(boolean readOnly) {
		noteEvent();
		if (!readOnly) {
			this.commitInFlight = true;
		}
	}

	void commitEnded(boolean readOnly, @Nullable Throwable commitFailure) {
		noteEvent();
		if (readOnly) {
			return;
		}
		this.commitInFlight = false;
		if (commitFailure == null) {
			this.readWriteCommitted++;
		}
		else {
			this.commitFailed = true;
			unknownOutcome(commitFailure);
		}
	}

	/**
	 * A rollback that follows a started COMMIT means the COMMIT failed. When that
	 * rollback failed too, the connection is gone and the COMMIT may have been applied.
	 * @param readOnly whether the transaction was read-only
	 * @param rollbackFailure why the rollback failed, or {@code null}
	 */
	void rolledBack(boolean readOnly, @Nullable Throwable rollbackFailure) {
		noteEvent();
		if (!readOnly && this.commitInFlight) {
			this.commitInFlight = false;
			this.commitFailed = true;
			if (rollbackFailure != null) {
				unknownOutcome(rollbackFailure);
			}
		}
	}

	/**
	 * A transaction event after a failed COMMIT: the attempt went on after it, so its
	 * failure is not (only) that COMMIT's. Not every transaction manager rolls back on
	 * the connection after a failed COMMIT (JPA's skips a transaction Hibernate already
	 * ended), so a rollback that went through does not prove that the COMMIT was refused.
	 */
	private void noteEvent() {
		if (this.commitFailed) {
			this.wentOnAfterFailedCommit = true;
		}
	}

	private void unknownOutcome(Throwable failure) {
		if (this.commitOfUnknownOutcome == null) {
			this.commitOfUnknownOutcome = failure;
		}
	}

	/**
	 * What the write attempt was doing when it failed.
	 * @return the phase
	 */
	WorkPhase writePhase() {
		if (this.commitFailed || this.commitInFlight) {
			return WorkPhase.COMMIT;
		}
		return this.readWriteBegun ? WorkPhase.TRANSACTION : WorkPhase.AUTOCOMMIT_WRITE;
	}

	/**
	 * Whether the attempt began a read-write transaction of its own, as a read-only
	 * method does when it calls a {@code REQUIRES_NEW} write.
	 * @return whether the attempt began a read-write transaction
	 */
	boolean beganReadWriteTransaction() {
		return this.readWriteBegun;
	}

	/**
	 * The first failure of a COMMIT of this attempt that may have been applied: what
	 * Spring reported when the COMMIT failed, or the failure of the rollback that
	 * followed it.
	 * @return the failure, or {@code null} when no COMMIT of unknown outcome failed
	 */
	@Nullable Throwable commitOfUnknownOutcome() {
		return this.commitOfUnknownOutcome;
	}

	/**
	 * Whether the attempt began, committed or rolled back a transaction after one of its
	 * COMMITs failed, as when the failure of a {@code REQUIRES_NEW} transaction's COMMIT
	 * was caught and the caller went on.
	 * @return whether the attempt went on after a failed COMMIT
	 */
	boolean wentOnAfterFailedCommit() {
		return this.wentOnAfterFailedCommit;
	}

	/**
	 * Whether repeating the failed write attempt cannot apply anything twice: it ran in a
	 * transaction it began itself, and none of its transactions committed.
	 * @return whether the write attempt left nothing behind
	 */
	boolean leftNothingCommitted() {
		return this.readWriteBegun && this.readWriteCommitted == 0;
	}

}
