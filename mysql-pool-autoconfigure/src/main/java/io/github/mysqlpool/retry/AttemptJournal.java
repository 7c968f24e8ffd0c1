package io.github.mysqlpool.retry;

import org.jspecify.annotations.Nullable;

/**
 * What one attempt of a retried method did with transactions, recorded by
 * {@link AttemptTrackingListener} on the attempt's thread: which transactions began,
 * which committed, and whether a COMMIT failed. It tells a lost connection before COMMIT
 * (the server rolls the transaction back) from one during COMMIT (outcome unknown).
 *
 * @author mysql-pool team
 */
final class AttemptJournal {

	private static final ThreadLocal<AttemptJournal> current = new ThreadLocal<>();

	private final @Nullable AttemptJournal previous;

	private boolean readWriteBegun;

	private int readWriteCommitted;

	private boolean commitInFlight;

	private boolean commitFailed;

	private AttemptJournal(@Nullable AttemptJournal previous) {
		this.previous = previous;
	}

	/**
	 * The journal of the attempt running on this thread.
	 * @return the journal, or {@code null} outside a retried method
	 */
	static @Nullable AttemptJournal current() {
		return current.get();
	}

	/**
	 * Start recording an attempt on this thread.
	 * @return the new journal, to {@link #close()} when the attempt ends
	 */
	static AttemptJournal open() {
		AttemptJournal journal = new AttemptJournal(current.get());
		current.set(journal);
		return journal;
	}

	/**
	 * Stop recording, restoring whatever was recorded before.
	 */
	void close() {
		current.set(this.previous);
	}

	void transactionBeginning(boolean readOnly) {
		if (!readOnly) {
			this.readWriteBegun = true;
		}
	}

	void commitStarting(boolean readOnly) {
		if (!readOnly) {
			this.commitInFlight = true;
		}
	}

	void commitEnded(boolean readOnly, boolean committed) {
		if (readOnly) {
			return;
		}
		this.commitInFlight = false;
		if (committed) {
			this.readWriteCommitted++;
		}
		else {
			this.commitFailed = true;
		}
	}

	/**
	 * A rollback that follows a started COMMIT means the COMMIT failed.
	 * @param readOnly whether the transaction was read-only
	 */
	void rolledBack(boolean readOnly) {
		if (!readOnly && this.commitInFlight) {
			this.commitInFlight = false;
			this.commitFailed = true;
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
	 * Whether repeating the failed write attempt cannot apply anything twice: it ran in a
	 * transaction it began itself, and none of its transactions committed.
	 * @return whether the write attempt left nothing behind
	 */
	boolean leftNothingCommitted() {
		return this.readWriteBegun && this.readWriteCommitted == 0;
	}

}
