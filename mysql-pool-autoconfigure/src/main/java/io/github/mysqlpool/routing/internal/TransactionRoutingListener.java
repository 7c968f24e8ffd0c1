package io.github.mysqlpool.routing.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Makes a starting transaction's read-only flag visible to the routing while the
 * transaction manager fetches its connection.
 * <p>
 * Spring's {@code AbstractPlatformTransactionManager} calls {@code beforeBegin} just
 * before {@code doBegin}, which borrows the connection, and only afterwards publishes the
 * read-only flag through {@code TransactionSynchronizationManager}. Knowing the flag this
 * early lets the router hand out the replica connection directly. We chose this over
 * Spring's {@code LazyConnectionDataSourceProxy}, which solves the same problem by
 * wrapping every connection in a JDK proxy: that allocates on every borrow and adds a
 * reflective call to every JDBC method, which the routing path must not do.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class TransactionRoutingListener implements TransactionExecutionListener {

	@Override
	public void beforeBegin(TransactionExecution transaction) {
		RoutingContext.transactionBeginning(transaction.isReadOnly());
	}

	@Override
	public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
		RoutingContext.transactionBegun();
	}

}
