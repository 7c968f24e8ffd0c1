/**
 * Rescue of callers from a hung server: the connections of a server that stops answering
 * are aborted instead of waiting for the driver's socket timeout.
 */
@NullMarked
package io.github.mysqlpool.rescue;

import org.jspecify.annotations.NullMarked;
