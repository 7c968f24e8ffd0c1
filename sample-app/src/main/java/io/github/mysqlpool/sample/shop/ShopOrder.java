package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * An order of one product.
 *
 * @author mysql-pool team
 */
@Entity
public class ShopOrder {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "product_id")
	private Long productId;

	private int quantity;

	private BigDecimal total;

	@Column(name = "created_at")
	private LocalDateTime createdAt;

	protected ShopOrder() {
	}

	ShopOrder(Product product, int quantity) {
		this.productId = product.getId();
		this.quantity = quantity;
		this.total = product.getPrice().multiply(BigDecimal.valueOf(quantity));
		this.createdAt = LocalDateTime.now();
	}

	public Long getId() {
		return this.id;
	}

	public Long getProductId() {
		return this.productId;
	}

	public int getQuantity() {
		return this.quantity;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public LocalDateTime getCreatedAt() {
		return this.createdAt;
	}

}
