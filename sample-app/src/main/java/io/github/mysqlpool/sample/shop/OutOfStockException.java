package io.github.mysqlpool.sample.shop;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The product does not exist or lacks the units ordered.
 *
 * @author mysql-pool team
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class OutOfStockException extends RuntimeException {

	OutOfStockException(Long productId) {
		super("Product " + productId + " is unknown or out of stock");
	}

}
