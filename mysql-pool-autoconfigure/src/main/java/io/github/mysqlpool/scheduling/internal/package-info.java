/**
 * Internal: not API, may change without notice. The starter's periodic tasks on its one
 * shared task scheduler.
 */
@NullMarked
package io.github.mysqlpool.scheduling.internal;

import org.jspecify.annotations.NullMarked;
