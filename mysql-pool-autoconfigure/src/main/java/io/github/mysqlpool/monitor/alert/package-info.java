/**
 * Pool alerts as an application sees them: the events published when an alert is raised
 * or resolved, and the values they carry.
 */
@NullMarked
package io.github.mysqlpool.monitor.alert;

import org.jspecify.annotations.NullMarked;
