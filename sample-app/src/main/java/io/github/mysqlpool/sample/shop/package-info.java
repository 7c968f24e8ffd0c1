/**
 * The sample shop: products and orders.
 */
@NullMarked
package io.github.mysqlpool.sample.shop;

import org.jspecify.annotations.NullMarked;
