package io.github.mysqlpool.sample.load;

import java.util.concurrent.ThreadLocalRandom;

import io.github.mysqlpool.consistency.ReadYourWrites;
import io.github.mysqlpool.routing.ReadOnly;
import io.github.mysqlpool.sample.shop.ShopService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
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

	private final @Nullable ReadYourWrites readYourWrites;

	LoadOperations(JdbcTemplate jdbcTemplate, ShopService shop, ObjectProvider<ReadYourWrites> readYourWrites) {
		this.jdbcTemplate = jdbcTemplate;
		this.shop = shop;
		this.readYourWrites = readYourWrites.getIfAvailable();
	}

	/**
	 * Start an operation of a client of its own. Read-your-writes fences the reads of the
	 * thread that wrote; a load thread stands for many clients, so its earlier orders
	 * must not send its next reads to the primary.
	 */
	public void newClient() {
		if (this.readYourWrites != null) {
			this.readYourWrites.clear();
		}
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
