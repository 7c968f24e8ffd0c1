package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;

/**
 * A product of the shop.
 *
 * @param id product id
 * @param name product name
 * @param price unit price
 * @param stock units in stock
 * @author mysql-pool team
 */
public record Product(long id, String name, BigDecimal price, int stock) {

}
