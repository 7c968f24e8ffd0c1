package io.github.mysqlpool.retry.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Records the transactions of a retried attempt in its {@link AttemptJournal}: only
 * actual new transactions count, not participating ones or savepoints. Outside a retried
 * method it does nothing but one thread-local read.
 * <p>
 * Spring's {@code AbstractPlatformTransactionManager} calls {@code beforeCommit} just
 * before sending COMMIT, then {@code afterCommit} with the failure, if any, or
 * {@code afterRollback} when a failed commit is rolled back (as
 * {@code JdbcTransactionManager} does for a translated commit failure), so the listener
 * knows whether an exception came out of the COMMIT. A failed rollback after a failed
 * COMMIT shows the connection gone, so the COMMIT may have been applied.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class AttemptTrackingListener implements TransactionExecutionListener {

	@Override
	public void beforeBegin(TransactionExecution transaction) {
		AttemptJournal journal = AttemptJournal.current();
		if (journal != null && isOwnTransaction(transaction)) {
			journal.transactionBeginning(transaction.isReadOnly());
		}
	}

	@Override
	public void beforeCommit(TransactionExecution transaction) {
		AttemptJournal journal = AttemptJournal.current();
		if (journal != null && isOwnTransaction(transaction)) {
			journal.commitStarting(transaction.isReadOnly());
		}
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		AttemptJournal journal = AttemptJournal.current();
		if (journal != null && isOwnTransaction(transaction)) {
			journal.commitEnded(transaction.isReadOnly(), commitFailure);
		}
	}

	@Override
	public void afterRollback(TransactionExecution transaction, @Nullable Throwable rollbackFailure) {
		AttemptJournal journal = AttemptJournal.current();
		if (journal != null && isOwnTransaction(transaction)) {
			journal.rolledBack(transaction.isReadOnly(), rollbackFailure);
		}
	}

	private static boolean isOwnTransaction(TransactionExecution transaction) {
		return transaction.isNewTransaction() && !transaction.isNested();
	}

}
