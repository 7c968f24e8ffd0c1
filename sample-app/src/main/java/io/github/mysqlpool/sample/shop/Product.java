package io.github.mysqlpool.sample.shop;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * A product of the shop.
 *
 * @author mysql-pool team
 */
@Entity
public class Product {

	@Id
	private Long id;

	private String name;

	private BigDecimal price;

	private int stock;

	protected Product() {
	}

	public Product(Long id, String name, BigDecimal price, int stock) {
		this.id = id;
		this.name = name;
		this.price = price;
		this.stock = stock;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public void setPrice(BigDecimal price) {
		this.price = price;
	}

	public int getStock() {
		return this.stock;
	}

	/**
	 * Take units from stock.
	 * @param units units to take
	 * @throws OutOfStockException when fewer are in stock
	 */
	public void take(int units) {
		if (units < 1 || units > this.stock) {
			throw new OutOfStockException(this.id);
		}
		this.stock -= units;
	}

}
