/**
 * Pool monitoring: server facts and what instruments each pool before it starts (the
 * timing tracker and the driver settings).
 */
@NullMarked
package io.github.mysqlpool.monitor;

import org.jspecify.annotations.NullMarked;
