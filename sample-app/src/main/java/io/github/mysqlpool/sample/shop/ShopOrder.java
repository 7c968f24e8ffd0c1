package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * An order of one product.
 *
 * @param id order id
 * @param productId ordered product
 * @param quantity units ordered
 * @param total price of the order
 * @param createdAt when the order was placed
 * @author mysql-pool team
 */
public record ShopOrder(long id, long productId, int quantity, BigDecimal total, LocalDateTime createdAt) {

}
