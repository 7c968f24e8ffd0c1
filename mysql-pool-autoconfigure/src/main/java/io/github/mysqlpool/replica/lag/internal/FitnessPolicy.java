package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;

/**
 * When a replica leaves and rejoins the rotation.
 *
 * @param maxLag largest lag at which a replica serves reads
 * @param readmitLag lag under which a replica out of rotation counts a good probe
 * @param readmitProbes consecutive good probes a replica out of rotation needs to return
 * @author mysql-pool team
 * @since 0.1.0
 */
public record FitnessPolicy(Duration maxLag, Duration readmitLag, int readmitProbes) {

}
