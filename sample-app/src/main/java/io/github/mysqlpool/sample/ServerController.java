package io.github.mysqlpool.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/servers/read} and {@code GET /api/servers/write}: which pool and server
 * a read and a write use.
 *
 * @author mysql-pool team
 */
@RestController
@RequestMapping("/api/servers")
class ServerController {

	private final ServerInfoService service;

	ServerController(ServerInfoService service) {
		this.service = service;
	}

	@GetMapping("/read")
	ServerInfo read() {
		return this.service.read();
	}

	@GetMapping("/write")
	ServerInfo write() {
		return this.service.write();
	}

}
