INSERT IGNORE INTO product (id, name, price, stock) VALUES
	(1, 'Espresso beans 1 kg', 24.90, 1000000),
	(2, 'Grinder', 129.00, 1000000),
	(3, 'Milk jug', 14.50, 1000000),
	(4, 'Tamper', 29.00, 1000000);
