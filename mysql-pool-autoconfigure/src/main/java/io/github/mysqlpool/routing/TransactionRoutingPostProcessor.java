package io.github.mysqlpool.routing;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Registers a {@link TransactionRoutingListener} with every transaction manager of the
 * context, including ones the application defines itself, so that read-only transactions
 * are routed to replicas whichever transaction manager runs them.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class TransactionRoutingPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConfigurableTransactionManager transactionManager
				&& !hasRoutingListener(transactionManager)) {
			transactionManager.addListener(new TransactionRoutingListener());
		}
		return bean;
	}

	private static boolean hasRoutingListener(ConfigurableTransactionManager transactionManager) {
		for (TransactionExecutionListener listener : transactionManager.getTransactionExecutionListeners()) {
			if (listener instanceof TransactionRoutingListener) {
				return true;
			}
		}
		return false;
	}

}
