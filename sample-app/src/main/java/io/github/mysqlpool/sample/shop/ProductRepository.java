package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.github.mysqlpool.routing.ReadOnly;
import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

/**
 * Products. {@code findById} and {@code findAll} are read-only transactions of Spring
 * Data's own and go to a replica; derived queries run without a transaction, and go to a
 * replica only when marked {@link ReadOnly}.
 *
 * @author mysql-pool team
 */
public interface ProductRepository extends JpaRepository<Product, Long> {

	/**
	 * Products whose name contains the text, served by a replica.
	 * @param text part of the name
	 * @return the products, by id
	 */
	@ReadOnly
	List<Product> findByNameContainingIgnoreCaseOrderById(String text);

	/**
	 * Products cheaper than the price, served by the primary (no {@link ReadOnly}).
	 * @param price the price limit
	 * @return the products, by id
	 */
	List<Product> findByPriceLessThanOrderById(BigDecimal price);

	/**
	 * A product locked for update, for placing an order.
	 * @param id the product id
	 * @return the product
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<Product> findLockedById(Long id);

}
