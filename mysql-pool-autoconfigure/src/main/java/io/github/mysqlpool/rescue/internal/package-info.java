/**
 * Rescue of callers from a hung server: the connections of a server that stops answering
 * are aborted instead of waiting for the driver's socket timeout. Internal: not API, may
 * change without notice.
 */
@NullMarked
package io.github.mysqlpool.rescue.internal;

import org.jspecify.annotations.NullMarked;
