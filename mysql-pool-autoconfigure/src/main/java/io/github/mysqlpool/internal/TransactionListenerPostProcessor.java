package io.github.mysqlpool.internal;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Registers a {@link TransactionExecutionListener} with every transaction manager of the
 * context, including ones the application defines itself (Boot's own customizer reaches
 * only the transaction managers it auto-configures). A manager that already has a
 * listener of the same type keeps it.
 *
 * @param <L> the listener type
 * @author mysql-pool team
 * @since 0.1.0
 */
public class TransactionListenerPostProcessor<L extends TransactionExecutionListener> implements BeanPostProcessor {

	private final Class<L> type;

	private final Supplier<L> listener;

	/**
	 * Create the post-processor.
	 * @param type the listener type, to find one already registered
	 * @param listener supplies the listener to register
	 */
	public TransactionListenerPostProcessor(Class<L> type, Supplier<L> listener) {
		this.type = type;
		this.listener = listener;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConfigurableTransactionManager transactionManager && !hasListener(transactionManager)) {
			transactionManager.addListener(this.listener.get());
		}
		return bean;
	}

	private boolean hasListener(ConfigurableTransactionManager transactionManager) {
		for (TransactionExecutionListener registered : transactionManager.getTransactionExecutionListeners()) {
			if (this.type.isInstance(registered)) {
				return true;
			}
		}
		return false;
	}

}
