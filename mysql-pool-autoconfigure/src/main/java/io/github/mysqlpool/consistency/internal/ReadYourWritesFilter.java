package io.github.mysqlpool.consistency.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

import io.github.mysqlpool.consistency.ReadYourWrites;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes each web request a read-your-writes scope. A request starts from the write time
 * of the token it carries (header, else cookie), if genuine and recent; when the request
 * writes, the response gets a fresh token as a header and a cookie, so that the client's
 * next request, a redirect after a POST included, reads that write, on whichever instance
 * it lands. The response carries one token, of the request's latest write, however many
 * writes it makes. Nothing of the request's scope outlives it on the thread.
 * <p>
 * An asynchronous request keeps its scope: a {@code Callable} a controller returns runs
 * in it, on the executor's thread, and so does the async dispatch that renders the
 * result. Work the application hands to threads of its own (one completing a
 * {@code DeferredResult}, for example) is not in the request's scope unless it enters it,
 * with {@link ReadYourWrites#currentScope()} and
 * {@link ReadYourWrites#enterScope(Object)}.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class ReadYourWritesFilter extends OncePerRequestFilter {

	private static final String SCOPE_ATTRIBUTE = ReadYourWritesFilter.class.getName() + ".SCOPE";

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
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object scope = request.getAttribute(SCOPE_ATTRIBUTE);
		Object previous;
		if (scope != null) {
			previous = this.readYourWrites.enterScope(scope);
		}
		else {
			long writtenAt = this.tokens.decode(token(request));
			previous = this.readYourWrites.openScope(writtenAt, new TokenPublisher(response));
			scope = this.readYourWrites.currentScope();
			request.setAttribute(SCOPE_ATTRIBUTE, scope);
			WebAsyncUtils.getAsyncManager(request)
				.registerCallableInterceptor(SCOPE_ATTRIBUTE, new ScopeCarrier(this.readYourWrites, scope));
		}
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

	/**
	 * Hands the client the token of the request's latest write: one header and one
	 * cookie, replaced at each write while the response is not committed. No lock: it
	 * runs on the borrow path of autocommit writes, and the threads of one request (its
	 * own, then a {@code Callable}'s) take turns, as the Servlet API requires of the
	 * response.
	 */
	private final class TokenPublisher implements LongConsumer {

		private final HttpServletResponse response;

		private boolean cookieAdded;

		TokenPublisher(HttpServletResponse response) {
			this.response = response;
		}

		@Override
		public void accept(long writtenAt) {
			if (this.response.isCommitted()) {
				return;
			}
			String token = ReadYourWritesFilter.this.tokens.encode(writtenAt);
			this.response.setHeader(ReadYourWritesFilter.this.headerName, token);
			String cookie = ResponseCookie.from(ReadYourWritesFilter.this.cookieName, token)
				.path("/")
				.httpOnly(true)
				.sameSite("Lax")
				.maxAge(ReadYourWritesFilter.this.window)
				.build()
				.toString();
			if (!this.cookieAdded) {
				this.response.addHeader(HttpHeaders.SET_COOKIE, cookie);
				this.cookieAdded = true;
				return;
			}
			// The servlet API removes no single header value: set them all again, ours
			// replaced, the application's kept
			String ours = ReadYourWritesFilter.this.cookieName + "=";
			boolean first = true;
			for (String value : List.copyOf(this.response.getHeaders(HttpHeaders.SET_COOKIE))) {
				String kept = value.startsWith(ours) ? cookie : value;
				if (first) {
					this.response.setHeader(HttpHeaders.SET_COOKIE, kept);
					first = false;
				}
				else {
					this.response.addHeader(HttpHeaders.SET_COOKIE, kept);
				}
			}
		}

	}

	/**
	 * Runs a controller's {@code Callable} in its request's scope, on the executor's
	 * thread.
	 */
	private static final class ScopeCarrier implements CallableProcessingInterceptor {

		private final ReadYourWrites readYourWrites;

		private final Object scope;

		private @Nullable Object previous;

		ScopeCarrier(ReadYourWrites readYourWrites, Object scope) {
			this.readYourWrites = readYourWrites;
			this.scope = scope;
		}

		@Override
		public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
			this.previous = this.readYourWrites.enterScope(this.scope);
		}

		@Override
		public <T> void postProcess(NativeWebRequest request, Callable<T> task, @Nullable Object concurrentResult) {
			Object previous = this.previous;
			if (previous != null) {
				this.previous = null;
				this.readYourWrites.closeScope(previous);
			}
		}

	}

}
