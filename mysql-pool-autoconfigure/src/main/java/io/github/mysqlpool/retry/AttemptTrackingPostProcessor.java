package io.github.mysqlpool.retry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Registers an {@link AttemptTrackingListener} with every transaction manager of the
 * context, including ones the application defines itself.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class AttemptTrackingPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConfigurableTransactionManager transactionManager && !hasListener(transactionManager)) {
			transactionManager.addListener(new AttemptTrackingListener());
		}
		return bean;
	}

	private static boolean hasListener(ConfigurableTransactionManager transactionManager) {
		for (TransactionExecutionListener listener : transactionManager.getTransactionExecutionListeners()) {
			if (listener instanceof AttemptTrackingListener) {
				return true;
			}
		}
		return false;
	}

}
