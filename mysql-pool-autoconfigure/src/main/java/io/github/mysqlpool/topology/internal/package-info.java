/**
 * What the topology monitor tells other parts of the starter when the writer changes.
 * Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.topology.internal;

import org.jspecify.annotations.NullMarked;
