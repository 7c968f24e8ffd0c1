/**
 * The replica monitor: probing the primary and each replica, each replica's fitness, and
 * the rotation of fit replicas it publishes; and what it tells other parts of the
 * starter. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.replica.lag.internal;

import org.jspecify.annotations.NullMarked;
