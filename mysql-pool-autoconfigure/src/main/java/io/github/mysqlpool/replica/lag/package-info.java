/**
 * Replica monitoring: probes on the monitor's own connections, replication lag from the
 * replica status or a heartbeat, and each replica's fitness to serve reads.
 */
@NullMarked
package io.github.mysqlpool.replica.lag;

import org.jspecify.annotations.NullMarked;
