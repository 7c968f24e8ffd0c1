/**
 * Helpers that every feature of the starter shares: JDBC URLs, connections opened outside
 * the pools, a pool's load, connection failures, the event log and transaction manager
 * hooks. They depend on nothing else in the starter. Internal: not API, may change
 * without notice.
 */
@NullMarked
package io.github.mysqlpool.internal;

import org.jspecify.annotations.NullMarked;
