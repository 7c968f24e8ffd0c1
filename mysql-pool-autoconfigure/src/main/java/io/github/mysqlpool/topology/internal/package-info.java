/**
 * Topology discovery: the probes of each server's role, the election of the writer, and
 * the monitor that moves the writes when the writer changes. Internal: not API, may
 * change without notice.
 */
@NullMarked
package io.github.mysqlpool.topology.internal;

import org.jspecify.annotations.NullMarked;
