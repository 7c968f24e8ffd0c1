package io.github.mysqlpool.jpa.internal;

import java.util.List;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

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

	/**
	 * Resolved on first use, once: looking them up on every call would allocate a stream.
	 */
	private final Supplier<List<EntityManagerFactory>> entityManagerFactories;

	/**
	 * Create the interceptor.
	 * @param entityManagerFactories the application's entity manager factories
	 */
	public SessionConnectionReleasingInterceptor(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.entityManagerFactories = SingletonSupplier.of(() -> entityManagerFactories.orderedStream().toList());
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		}
		finally {
			if (!TransactionSynchronizationManager.isActualTransactionActive()) {
				for (EntityManagerFactory entityManagerFactory : this.entityManagerFactories.get()) {
					releaseBoundSessionConnection(entityManagerFactory);
				}
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
