/**
 * The periodic sampling of every pool that feeds the history, the alerts, the server
 * figures and the optimizer.
 */
@NullMarked
package io.github.mysqlpool.monitor.sampling;

import org.jspecify.annotations.NullMarked;
