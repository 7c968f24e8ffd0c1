/**
 * The periodic sampling of every pool that feeds the history, the alerts, the server
 * figures and the optimizer. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.monitor.sampling.internal;

import org.jspecify.annotations.NullMarked;
