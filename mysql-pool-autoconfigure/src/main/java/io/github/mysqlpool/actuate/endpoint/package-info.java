/**
 * The mysqlpool Actuator endpoint.
 */
@NullMarked
package io.github.mysqlpool.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
