package io.github.mysqlpool.sample.load;

import java.util.concurrent.ThreadLocalRandom;

import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.sample.shop.ShopService;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The operations the load generator drives: a primary-key read marked {@link ReadOnly},
 * and placing an order. Each reports the {@code @@server_id} that served it, so that the
 * report can be split by pool.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@Component
public class LoadOperations {

	private static final int PRODUCTS = 4;

	private final JdbcTemplate jdbcTemplate;

	private final ShopService shop;

	LoadOperations(JdbcTemplate jdbcTemplate, ShopService shop) {
		this.jdbcTemplate = jdbcTemplate;
		this.shop = shop;
	}

	@ReadOnly
	public long read() {
		long id = 1 + ThreadLocalRandom.current().nextInt(PRODUCTS);
		return this.jdbcTemplate.queryForObject("SELECT @@server_id FROM product WHERE id = ?", Long.class, id);
	}

	public long write() {
		this.shop.placeOrder(1 + ThreadLocalRandom.current().nextInt(PRODUCTS), 1);
		// Writes go to the primary by definition
		return -1;
	}

}
