/**
 * The web requests' read-your-writes scopes and their token, and the transaction listener
 * that notes each write. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.consistency.internal;

import org.jspecify.annotations.NullMarked;
