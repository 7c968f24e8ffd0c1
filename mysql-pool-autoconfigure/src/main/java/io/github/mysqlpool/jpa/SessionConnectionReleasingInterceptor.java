package io.github.mysqlpool.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * After a {@code ReadOnly} method that ran outside any transaction, releases the replica
 * connection that an open session (for example one bound to the web request by
 * open-in-view) acquired for it, so that the session's next transaction borrows a
 * connection of its own, from the primary when it writes.
 * <p>
 * Hibernate releases connections after each transaction, but never after statements run
 * outside one, and without this a session would keep the replica connection for the rest
 * of the request.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class SessionConnectionReleasingInterceptor implements MethodInterceptor {

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	/**
	 * Create the interceptor.
	 * @param entityManagerFactories the application's entity manager factories
	 */
	public SessionConnectionReleasingInterceptor(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		}
		finally {
			if (!TransactionSynchronizationManager.isActualTransactionActive()) {
				this.entityManagerFactories.orderedStream().forEach(this::releaseBoundSessionConnection);
			}
		}
	}

	private void releaseBoundSessionConnection(EntityManagerFactory entityManagerFactory) {
		if (TransactionSynchronizationManager.getResource(entityManagerFactory) instanceof EntityManagerHolder holder) {
			EntityManager entityManager = holder.getEntityManager();
			if (entityManager.isOpen()) {
				SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
				if (!session.isTransactionInProgress()) {
					session.getJdbcCoordinator().afterTransaction();
				}
			}
		}
	}

}
