/**
 * What routing tells other parts of the starter: a replica whose connection failed.
 * Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.routing.internal;

import org.jspecify.annotations.NullMarked;
