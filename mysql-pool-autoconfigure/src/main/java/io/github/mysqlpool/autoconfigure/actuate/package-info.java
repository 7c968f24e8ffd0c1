/**
 * Auto-configuration of the mysqlpool Actuator endpoint.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
