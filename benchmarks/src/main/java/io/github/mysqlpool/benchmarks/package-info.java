/**
 * JMH benchmarks of the starter against bare HikariCP and the other ways to split reads
 * and writes, run against an embedded replicated MariaDB.
 */
@NullMarked
package io.github.mysqlpool.benchmarks;

import org.jspecify.annotations.NullMarked;
