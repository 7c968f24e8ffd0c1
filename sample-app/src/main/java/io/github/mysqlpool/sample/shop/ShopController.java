package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's HTTP API.
 *
 * @author mysql-pool team
 */
@RestController
@RequestMapping("/api")
class ShopController {

	private final ShopService shop;

	private final ProductRepository products;

	ShopController(ShopService shop, ProductRepository products) {
		this.shop = shop;
		this.products = products;
	}

	@GetMapping("/products")
	List<Product> products(@RequestParam(required = false) String name) {
		return this.shop.products(name);
	}

	@GetMapping("/products/{id}")
	ResponseEntity<Product> product(@PathVariable long id) {
		return ResponseEntity.of(this.products.findById(id));
	}

	/**
	 * Reads the product through a read-only repository method (a replica), then updates
	 * it in a transaction (the primary): the case open-in-view used to break.
	 */
	@PutMapping("/products/{id}/price")
	ResponseEntity<Product> changePrice(@PathVariable long id, @RequestBody PriceChange change) {
		return this.products.findById(id)
			.map((product) -> ResponseEntity.ok(this.shop.changePrice(product, change.price())))
			.orElse(ResponseEntity.notFound().build());
	}

	/**
	 * Adds a product and redirects to it (POST-redirect-GET): with read-your-writes on,
	 * the GET that follows reads the new row even while the replicas lag.
	 */
	@PostMapping("/products")
	ResponseEntity<Void> addProduct(@RequestBody NewProduct product) {
		Product added = this.shop.addProduct(product.id(), product.name(), product.price(), product.stock());
		return ResponseEntity.status(HttpStatus.SEE_OTHER)
			.location(URI.create("/api/products/" + added.getId()))
			.build();
	}

	@PostMapping("/orders")
	ShopOrder placeOrder(@RequestBody OrderRequest request) {
		return this.shop.placeOrder(request.productId(), request.quantity());
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<ShopOrder> order(@PathVariable long id) {
		return ResponseEntity.of(this.shop.order(id));
	}

	record OrderRequest(long productId, int quantity) {
	}

	record PriceChange(BigDecimal price) {
	}

	record NewProduct(long id, String name, BigDecimal price, int stock) {
	}

}
