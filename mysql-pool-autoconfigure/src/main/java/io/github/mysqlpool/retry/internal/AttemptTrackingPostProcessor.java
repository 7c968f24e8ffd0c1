package io.github.mysqlpool.retry.internal;

import io.github.mysqlpool.internal.TransactionListenerPostProcessor;

/**
 * Registers an {@link AttemptTrackingListener} with every transaction manager of the
 * context, including ones the application defines itself.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class AttemptTrackingPostProcessor extends TransactionListenerPostProcessor<AttemptTrackingListener> {

	/**
	 * Create the post-processor.
	 */
	public AttemptTrackingPostProcessor() {
		super(AttemptTrackingListener.class, AttemptTrackingListener::new);
	}

}
