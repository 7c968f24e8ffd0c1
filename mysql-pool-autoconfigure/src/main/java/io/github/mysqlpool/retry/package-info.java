/**
 * Retry of transient MySQL failures:
 * {@link io.github.mysqlpool.retry.RetryableTransaction}, the classification of failures
 * and the exceptions a retried method throws.
 */
@NullMarked
package io.github.mysqlpool.retry;

import org.jspecify.annotations.NullMarked;
