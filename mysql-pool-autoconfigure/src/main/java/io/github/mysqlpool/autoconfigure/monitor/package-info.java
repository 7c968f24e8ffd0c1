/**
 * Auto-configuration of pool monitoring, alerts, slow statements and the optimizer.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.monitor;

import org.jspecify.annotations.NullMarked;
