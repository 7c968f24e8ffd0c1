/**
 * Topology discovery: which server takes the writes, learned from the servers themselves,
 * and the events of a change of primary. The discovery itself is in
 * {@code topology.internal}.
 */
@NullMarked
package io.github.mysqlpool.topology;

import org.jspecify.annotations.NullMarked;
