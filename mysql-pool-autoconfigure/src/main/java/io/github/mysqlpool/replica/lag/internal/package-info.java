/**
 * What the replica monitor tells other parts of the starter: the primary's status and the
 * servers that stop answering. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.replica.lag.internal;

import org.jspecify.annotations.NullMarked;
