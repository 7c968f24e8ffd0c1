package io.github.mysqlpool.consistency.internal;

import io.github.mysqlpool.consistency.ReadYourWrites;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Tells {@link ReadYourWrites} when a read-write transaction has committed, or may have:
 * a COMMIT that failed (the connection lost while committing, for example) has an unknown
 * outcome, and the write may be on the primary, so it fences the scope as a commit does.
 * The failure comes either to {@code afterCommit}, or to {@code afterRollback} when the
 * transaction manager rolls back after a failed commit ({@code JdbcTransactionManager}
 * does for a translated commit failure); the scope is also fenced as COMMIT is sent,
 * should neither come.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadYourWritesListener implements TransactionExecutionListener {

	private final ReadYourWrites readYourWrites;

	private final ThreadLocal<@Nullable TransactionExecution> committing = new ThreadLocal<>();

	/**
	 * Create the listener.
	 * @param readYourWrites told of each commit
	 */
	public ReadYourWritesListener(ReadYourWrites readYourWrites) {
		this.readYourWrites = readYourWrites;
	}

	@Override
	public void beforeCommit(TransactionExecution transaction) {
		if (writes(transaction)) {
			this.committing.set(transaction);
			this.readYourWrites.recordWrite();
		}
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		if (writes(transaction)) {
			this.committing.remove();
			this.readYourWrites.recordWrite();
		}
	}

	@Override
	public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
		if (writes(transaction) && this.committing.get() == transaction) {
			// Rolled back after its COMMIT failed: the COMMIT may have reached the server
			this.committing.remove();
			this.readYourWrites.recordWrite();
		}
	}

	private static boolean writes(TransactionExecution transaction) {
		return !transaction.isReadOnly() && transaction.isNewTransaction();
	}

}
