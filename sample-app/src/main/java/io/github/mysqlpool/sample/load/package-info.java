/**
 * The sample's load generator: mixed reads and writes through the starter, with a report.
 */
@NullMarked
package io.github.mysqlpool.sample.load;

import org.jspecify.annotations.NullMarked;
