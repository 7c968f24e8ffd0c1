/**
 * How the retry works: the retry advisor and interceptor, the attempts and their
 * judgement, the retry settings, statistics and metrics, and the circuit breaker for the
 * primary, used by the auto-configuration. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.retry.internal;

import org.jspecify.annotations.NullMarked;
