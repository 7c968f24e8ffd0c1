/**
 * Pool monitoring: connection timings, periodic samples and their bounded history, server
 * facts and slow statements.
 */
@NullMarked
package io.github.mysqlpool.monitor;

import org.jspecify.annotations.NullMarked;
