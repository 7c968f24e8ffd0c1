/**
 * Read-your-writes consistency: reads after a write in the same scope see that write.
 */
@NullMarked
package io.github.mysqlpool.consistency;

import org.jspecify.annotations.NullMarked;
