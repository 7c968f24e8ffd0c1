package io.github.mysqlpool.sample.shop;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

	ShopController(ShopService shop) {
		this.shop = shop;
	}

	@GetMapping("/products")
	List<Product> products() {
		return this.shop.products();
	}

	@GetMapping("/products/{id}")
	ResponseEntity<Product> product(@PathVariable long id) {
		return ResponseEntity.of(this.shop.product(id));
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

}
