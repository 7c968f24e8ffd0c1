package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.github.mysqlpool.retry.RetryableTransaction;
import io.github.mysqlpool.routing.ReadOnly;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shop: catalogue reads go to the replicas, orders and price changes are written on
 * the primary.
 *
 * @author mysql-pool team
 */
@Service
public class ShopService {

	private final ProductRepository products;

	private final OrderRepository orders;

	ShopService(ProductRepository products, OrderRepository orders) {
		this.products = products;
		this.orders = orders;
	}

	@ReadOnly
	public List<Product> products(String nameContains) {
		return (nameContains == null || nameContains.isBlank()) ? this.products.findAll(Sort.by("id"))
				: this.products.findByNameContainingIgnoreCaseOrderById(nameContains);
	}

	@ReadOnly
	public Optional<ShopOrder> order(long id) {
		return this.orders.findById(id);
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
		Product product = this.products.findLockedById(productId).orElseThrow(() -> new OutOfStockException(productId));
		product.take(quantity);
		return this.orders.save(new ShopOrder(product, quantity));
	}

	/**
	 * Add a product to the catalogue.
	 * @param id product id
	 * @param name product name
	 * @param price unit price
	 * @param stock units in stock
	 * @return the product as saved
	 */
	@Transactional
	public Product addProduct(long id, String name, BigDecimal price, int stock) {
		return this.products.save(new Product(id, name, price, stock));
	}

	/**
	 * Change a product's price.
	 * @param product the product, as read earlier in the request
	 * @param price the new price
	 * @return the product as saved
	 */
	@Transactional
	public Product changePrice(Product product, BigDecimal price) {
		product.setPrice(price);
		return this.products.save(product);
	}

}
