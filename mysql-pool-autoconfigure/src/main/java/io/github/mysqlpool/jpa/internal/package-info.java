/**
 * Spring Data JPA and Hibernate support: connection handling that follows routing, and
 * the right dialect for MySQL and MariaDB. Internal: not API, may change without notice.
 */
@NullMarked
package io.github.mysqlpool.jpa.internal;

import org.jspecify.annotations.NullMarked;
