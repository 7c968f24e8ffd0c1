package io.github.mysqlpool.consistency;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes each web request a read-your-writes scope. A request starts from the write time
 * of the token it carries (header, else cookie), if genuine and recent; when the request
 * writes, the response gets a fresh token as a header and a cookie, so that the client's
 * next request, a redirect after a POST included, reads that write, on whichever instance
 * it lands. Nothing of the request's scope outlives it on the thread.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadYourWritesFilter extends OncePerRequestFilter {

	private final ReadYourWrites readYourWrites;

	private final ConsistencyToken tokens;

	private final String headerName;

	private final String cookieName;

	private final Duration window;

	/**
	 * Create the filter.
	 * @param readYourWrites the policy whose scope each request opens
	 * @param tokens the token codec
	 * @param headerName name of the request and response header carrying the token
	 * @param cookieName name of the cookie carrying the token
	 */
	public ReadYourWritesFilter(ReadYourWrites readYourWrites, ConsistencyToken tokens, String headerName,
			String cookieName) {
		this.readYourWrites = readYourWrites;
		this.tokens = tokens;
		this.headerName = headerName;
		this.cookieName = cookieName;
		this.window = readYourWrites.getWindow();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long writtenAt = this.tokens.decode(token(request));
		Object previous = this.readYourWrites.openScope(writtenAt, (time) -> publish(response, time));
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.readYourWrites.closeScope(previous);
		}
	}

	private @Nullable String token(HttpServletRequest request) {
		String header = request.getHeader(this.headerName);
		if (header != null) {
			return header;
		}
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (this.cookieName.equals(cookie.getName())) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private void publish(HttpServletResponse response, long writtenAt) {
		if (response.isCommitted()) {
			return;
		}
		String token = this.tokens.encode(writtenAt);
		response.setHeader(this.headerName, token);
		response.addHeader("Set-Cookie",
				ResponseCookie.from(this.cookieName, token)
					.path("/")
					.httpOnly(true)
					.sameSite("Lax")
					.maxAge(this.window)
					.build()
					.toString());
	}

}
