/**
 * Pool monitoring: server facts and what instruments each pool before it starts (the
 * timing tracker and the driver settings). Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.internal;

import org.jspecify.annotations.NullMarked;
