/**
 * Hooks into Spring's transaction managers shared by routing, retry and consistency.
 */
@NullMarked
package io.github.mysqlpool.transaction;

import org.jspecify.annotations.NullMarked;
