package io.github.mysqlpool.routing.internal;

import java.util.List;

import io.github.mysqlpool.routing.ReadOnly;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a {@link ReadOnly} method inside a read-only routing scope, with the lag bound
 * that the {@link ReadOnlyAttributeSource} resolves for it.
 * <p>
 * Called inside a scope that has transaction synchronization but no transaction (such as
 * {@code @Transactional(propagation = SUPPORTS)} or {@code NOT_SUPPORTED}), the method
 * runs with that synchronization suspended, as Spring's transaction manager suspends it
 * for a transaction that starts there. Otherwise Spring binds the first connection
 * borrowed in the scope to the whole scope: the read would run on the primary connection
 * of an earlier write, or a later write on the read's replica connection.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
class ReadOnlyInterceptor implements MethodInterceptor {

	private final ReadOnlyAttributeSource source;

	/**
	 * Create the interceptor.
	 * @param source resolves the {@link ReadOnly} of each method
	 */
	public ReadOnlyInterceptor(ReadOnlyAttributeSource source) {
		this.source = source;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		long bound = this.source.maxLagMillis(invocation.getMethod(),
				(target != null) ? AopUtils.getTargetClass(target) : null);
		boolean previous = RoutingContext.enterReadOnlyScope();
		long previousBound = RoutingContext.narrowMaxLag(bound);
		try {
			if (!previous && TransactionSynchronizationManager.isSynchronizationActive()
					&& !TransactionSynchronizationManager.isActualTransactionActive()) {
				return proceedWithSynchronizationSuspended(invocation);
			}
			return invocation.proceed();
		}
		finally {
			RoutingContext.restoreMaxLag(previousBound);
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

	/**
	 * Suspend and resume the scope's synchronizations (which unbind and release its
	 * connection) and its transaction attributes the way
	 * {@code AbstractPlatformTransactionManager} does around a new transaction: its
	 * methods for it are not public.
	 */
	private static @Nullable Object proceedWithSynchronizationSuspended(MethodInvocation invocation) throws Throwable {
		List<TransactionSynchronization> suspended = TransactionSynchronizationManager.getSynchronizations();
		for (TransactionSynchronization synchronization : suspended) {
			synchronization.suspend();
		}
		TransactionSynchronizationManager.clearSynchronization();
		String name = TransactionSynchronizationManager.getCurrentTransactionName();
		boolean readOnly = TransactionSynchronizationManager.isCurrentTransactionReadOnly();
		Integer isolationLevel = TransactionSynchronizationManager.getCurrentTransactionIsolationLevel();
		TransactionSynchronizationManager.setCurrentTransactionName(null);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
		TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(null);
		try {
			return invocation.proceed();
		}
		finally {
			TransactionSynchronizationManager.setCurrentTransactionName(name);
			TransactionSynchronizationManager.setCurrentTransactionReadOnly(readOnly);
			TransactionSynchronizationManager.setCurrentTransactionIsolationLevel(isolationLevel);
			TransactionSynchronizationManager.initSynchronization();
			for (TransactionSynchronization synchronization : suspended) {
				synchronization.resume();
				TransactionSynchronizationManager.registerSynchronization(synchronization);
			}
		}
	}

}
