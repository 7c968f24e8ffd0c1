package io.github.mysqlpool.routing.internal;

import io.github.mysqlpool.internal.TransactionListenerPostProcessor;

/**
 * Registers a {@link TransactionRoutingListener} with every transaction manager of the
 * context, including ones the application defines itself, so that read-only transactions
 * are routed to replicas whichever transaction manager runs them.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class TransactionRoutingPostProcessor extends TransactionListenerPostProcessor<TransactionRoutingListener> {

	/**
	 * Create the post-processor.
	 */
	public TransactionRoutingPostProcessor() {
		super(TransactionRoutingListener.class, TransactionRoutingListener::new);
	}

}
