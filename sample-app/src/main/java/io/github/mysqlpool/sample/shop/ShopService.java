package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/**
 * The shop: catalogue reads go to the replicas, orders are written on the primary.
 *
 * @author mysql-pool team
 */
@Service
public class ShopService {

	private final JdbcClient jdbcClient;

	ShopService(JdbcClient jdbcClient) {
		this.jdbcClient = jdbcClient;
	}

	@ReadOnly
	public List<Product> products() {
		return this.jdbcClient.sql("SELECT id, name, price, stock FROM product ORDER BY id")
			.query(Product.class)
			.list();
	}

	@ReadOnly
	public Optional<Product> product(long id) {
		return this.jdbcClient.sql("SELECT id, name, price, stock FROM product WHERE id = ?")
			.param(id)
			.query(Product.class)
			.optional();
	}

	@ReadOnly
	public Optional<ShopOrder> order(long id) {
		return this.jdbcClient.sql("SELECT id, product_id, quantity, total, created_at FROM shop_order WHERE id = ?")
			.param(id)
			.query(ShopOrder.class)
			.optional();
	}

	/**
	 * Place an order: take the units from stock and record the order, in one transaction
	 * on the primary, repeated whole after a deadlock or a lost connection before COMMIT.
	 * @param productId the product
	 * @param quantity units to order
	 * @return the order
	 * @throws OutOfStockException when the product lacks the units
	 */
	@RetryableTransaction
	public ShopOrder placeOrder(long productId, int quantity) {
		BigDecimal price = this.jdbcClient.sql("SELECT price FROM product WHERE id = ? FOR UPDATE")
			.param(productId)
			.query(BigDecimal.class)
			.optional()
			.orElseThrow(() -> new OutOfStockException(productId));
		int taken = this.jdbcClient.sql("UPDATE product SET stock = stock - ? WHERE id = ? AND stock >= ?")
			.params(quantity, productId, quantity)
			.update();
		if (taken == 0) {
			throw new OutOfStockException(productId);
		}
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbcClient.sql("INSERT INTO shop_order (product_id, quantity, total, created_at) VALUES (?, ?, ?, NOW(6))")
			.params(productId, quantity, price.multiply(BigDecimal.valueOf(quantity)))
			.update(keys);
		long orderId = keys.getKey().longValue();
		return this.jdbcClient.sql("SELECT id, product_id, quantity, total, created_at FROM shop_order WHERE id = ?")
			.param(orderId)
			.query(ShopOrder.class)
			.single();
	}

}
