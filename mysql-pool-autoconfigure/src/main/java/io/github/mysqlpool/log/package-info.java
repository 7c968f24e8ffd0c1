/**
 * Logging of the starter's own events with their fields as key-value pairs.
 */
@NullMarked
package io.github.mysqlpool.log;

import org.jspecify.annotations.NullMarked;
