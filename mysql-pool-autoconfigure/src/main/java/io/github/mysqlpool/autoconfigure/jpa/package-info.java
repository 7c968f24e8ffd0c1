/**
 * Auto-configuration of the Spring Data JPA and Hibernate support.
 */
@NullMarked
package io.github.mysqlpool.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
