/**
 * Retry of transient MySQL failures: the retry advisor, the classification of failures
 * and the circuit breaker for the primary.
 */
@NullMarked
package io.github.mysqlpool.retry;

import org.jspecify.annotations.NullMarked;
