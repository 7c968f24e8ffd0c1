package io.github.mysqlpool.sample.shop;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Orders.
 *
 * @author mysql-pool team
 */
public interface OrderRepository extends JpaRepository<ShopOrder, Long> {

}
