package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;

import io.github.mysqlpool.replica.lag.LagSource;

/**
 * How the replica monitor probes and measures.
 *
 * @param probeInterval time between two probes of a replica
 * @param probeTimeout connect and socket timeout of the monitor's connections
 * @param lagSource how lag is measured
 * @param heartbeatTable heartbeat table, optionally qualified with its database
 * @param heartbeatInterval time between two heartbeat writes on the primary
 * @param createHeartbeatTable whether to create the heartbeat table when missing
 * @param fitness when replicas leave and rejoin the rotation
 * @author mysql-pool team
 * @since 0.1.0
 */
public record MonitorSettings(Duration probeInterval, Duration probeTimeout, LagSource lagSource, String heartbeatTable,
		Duration heartbeatInterval, boolean createHeartbeatTable, FitnessPolicy fitness) {

}
