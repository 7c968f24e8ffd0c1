/**
 * Spring Data JPA and Hibernate support: connection handling that follows routing, and
 * the right dialect for MySQL and MariaDB.
 */
@NullMarked
package io.github.mysqlpool.jpa;

import org.jspecify.annotations.NullMarked;
