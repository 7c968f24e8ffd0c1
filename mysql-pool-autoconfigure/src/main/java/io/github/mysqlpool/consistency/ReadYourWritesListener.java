package io.github.mysqlpool.consistency;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Tells {@link ReadYourWrites} when a read-write transaction has committed.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadYourWritesListener implements TransactionExecutionListener {

	private final ReadYourWrites readYourWrites;

	/**
	 * Create the listener.
	 * @param readYourWrites told of each commit
	 */
	public ReadYourWritesListener(ReadYourWrites readYourWrites) {
		this.readYourWrites = readYourWrites;
	}

	@Override
	public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
		if (commitFailure == null && !transaction.isReadOnly() && transaction.isNewTransaction()) {
			this.readYourWrites.recordWrite();
		}
	}

}
