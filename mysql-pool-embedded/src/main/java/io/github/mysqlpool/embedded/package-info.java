/**
 * Replicated MariaDB servers (a primary and GTID replicas) started in-process, with fault
 * injection and role changes (switchover, failover, rejoin), for the sample application
 * and integration tests.
 */
@NullMarked
package io.github.mysqlpool.embedded;

import org.jspecify.annotations.NullMarked;
