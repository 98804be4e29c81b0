package com.restoration.partnerapi.orders.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.restoration.partnerapi.orders.security.JwtDecoderConfiguration;
import com.restoration.partnerapi.orders.security.SecurityConfiguration;
import com.restoration.partnerapi.orders.store.CreatedOrder;
import com.restoration.partnerapi.orders.store.Order;
import com.restoration.partnerapi.orders.store.OrderPage;
import com.restoration.partnerapi.orders.store.OrderStatus;
import com.restoration.partnerapi.orders.store.OrderStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Every authorization rule of the API, on the web layer alone (the store is a mock). */
@WebMvcTest(OrdersController.class)
@Import({ SecurityConfiguration.class, JwtDecoderConfiguration.class, ProblemResponses.class })
class OrdersAuthorizationTest {

	private static final String BODY = """
			{"project_id": "reforest-42", "quantity": 3, "reference": "PO-1"}""";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	OrderStore store;

	@Test
	void readsOwnOrdersWithReadScope() {
		given(this.store.page(eq("partner-a"), any(), any(), eq(20)))
			.willReturn(new OrderPage(List.of(order("partner-a")), null));

		MvcTestResult result = this.mvc.get().uri("/accounts/partner-a/orders").with(token("partner-a", "orders:read"))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.OK);
		assertThat(result).bodyJson().extractingPath("$.orders[0].client_id").isEqualTo("partner-a");
	}

	@Test
	void createsOnOwnAccountWithWriteScope() {
		given(this.store.create(eq("partner-a"), any(), any()))
			.willReturn(new CreatedOrder(order("partner-a"), false));

		MvcTestResult result = post("/accounts/partner-a/orders", token("partner-a", "orders:write"));

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).headers().containsHeader(HttpHeaders.LOCATION);
	}

	@Test
	void rejectsRequestWithoutTokenWith401AndBearerChallenge() {
		MvcTestResult result = this.mvc.get().uri("/accounts/partner-a/orders").exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
		assertThat(result).bodyJson().extractingPath("$.detail")
			.isEqualTo("An access token is required: send it as 'Authorization: Bearer <token>'.");
		verifyNoInteractions(this.store);
	}

	// No usable bearer token is no token: Basic credentials, an empty bearer, a token in a form body.
	@Test
	void rejectsRequestsWithoutAUsableBearerTokenWith401() {
		MvcTestResult basic = this.mvc.get().uri("/accounts/partner-a/orders")
			.header(HttpHeaders.AUTHORIZATION, "Basic cGFydG5lci1hOnNlY3JldA==").exchange();
		MvcTestResult emptyBearer = this.mvc.get().uri("/accounts/partner-a/orders")
			.header(HttpHeaders.AUTHORIZATION, "Bearer ").exchange();
		MvcTestResult formField = this.mvc.post().uri("/accounts/partner-a/orders")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED).content("access_token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
			.exchange();

		for (MvcTestResult result : List.of(basic, emptyBearer, formField)) {
			assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
			assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
			assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(emptyBearer.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsCreateWithoutTokenWith401() {
		assertThat(this.mvc.post().uri("/accounts/partner-a/orders").contentType(MediaType.APPLICATION_JSON)
			.content(BODY)).hasStatus(HttpStatus.UNAUTHORIZED);
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsTokenForAnotherPartnerWith403() {
		JwtRequestPostProcessor partnerA = token("partner-a", "orders:read", "orders:write");

		assertForbidden(this.mvc.get().uri("/accounts/partner-b/orders").with(partnerA).exchange());
		assertForbidden(this.mvc.get().uri("/accounts/partner-b/orders/" + UUID.randomUUID()).with(partnerA).exchange());
		assertForbidden(post("/accounts/partner-b/orders", partnerA));
		verifyNoInteractions(this.store);
	}

	@Test
	void answersAnotherPartnersExistingAndMissingOrdersAlike() {
		Order existing = order("partner-b");
		given(this.store.find("partner-b", existing.id())).willReturn(Optional.of(existing));
		JwtRequestPostProcessor partnerA = token("partner-a", "orders:read");

		MvcTestResult forExisting = this.mvc.get().uri("/accounts/partner-b/orders/" + existing.id()).with(partnerA)
			.exchange();
		MvcTestResult forMissing = this.mvc.get().uri("/accounts/partner-b/orders/" + UUID.randomUUID()).with(partnerA)
			.exchange();

		assertForbidden(forExisting);
		assertForbidden(forMissing);
		assertThat(forExisting.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo(forMissing.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE));
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsClientIdThatDiffersOnlyInCase() {
		assertForbidden(this.mvc.get().uri("/accounts/PARTNER-A/orders").with(token("partner-a", "orders:read"))
			.exchange());
	}

	@Test
	void rejectsTokenWithoutAzpWith403() {
		MvcTestResult result = this.mvc.get().uri("/accounts/partner-a/orders")
			.with(jwt().jwt((jwt) -> jwt.claim("scope", "orders:read").claims((claims) -> claims.remove("azp"))))
			.exchange();

		assertForbidden(result);
	}

	@Test
	void rejectsReadWithoutReadScopeWith403() {
		JwtRequestPostProcessor writeOnly = token("partner-a", "orders:write");

		assertForbidden(this.mvc.get().uri("/accounts/partner-a/orders").with(writeOnly).exchange());
		assertForbidden(this.mvc.get().uri("/accounts/partner-a/orders/" + UUID.randomUUID()).with(writeOnly).exchange());
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsCreateWithoutWriteScopeWith403() {
		assertForbidden(post("/accounts/partner-a/orders", token("partner-a", "orders:read")));
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsTokenInQueryStringWith401() {
		MvcTestResult result = this.mvc.get().uri("/accounts/partner-a/orders?access_token=eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).contains("error=\"invalid_token\"",
				"error_description=\"Access tokens are accepted only in the Authorization header\"");
		assertThat(result).bodyJson().extractingPath("$.detail")
			.isEqualTo("Access tokens are accepted only in the Authorization header.");
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsQueryStringTokenEvenNextToAValidOne() {
		MvcTestResult result = this.mvc.get().uri("/accounts/partner-a/orders?access_token=x")
			.with(token("partner-a", "orders:read"))
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
		verifyNoInteractions(this.store);
	}

	@Test
	void deniesEverythingElse() {
		JwtRequestPostProcessor partnerA = token("partner-a", "orders:read", "orders:write");

		assertForbidden(this.mvc.delete().uri("/accounts/partner-a/orders/" + UUID.randomUUID()).with(partnerA).exchange());
		assertForbidden(this.mvc.put().uri("/accounts/partner-a/orders").with(partnerA)
			.contentType(MediaType.APPLICATION_JSON).content(BODY).exchange());
		assertForbidden(this.mvc.get().uri("/accounts/partner-a").with(partnerA).exchange());
		assertForbidden(this.mvc.get().uri("/actuator/env").with(partnerA).exchange());
		assertThat(this.mvc.get().uri("/actuator/env")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	private MvcTestResult post(String uri, JwtRequestPostProcessor token) {
		return this.mvc.post().uri(uri).with(token).contentType(MediaType.APPLICATION_JSON).content(BODY).exchange();
	}

	private static void assertForbidden(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.startsWith("Bearer error=\"insufficient_scope\"");
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(403);
		assertThat(result).bodyJson().extractingPath("$.detail").asString()
			.startsWith("This access token does not allow this request").endsWith(".");
		assertThat(result).bodyJson().doesNotHavePath("$.orders");
	}

	static JwtRequestPostProcessor token(String clientId, String... scopes) {
		// Authorities come from the scope claim, as in production (SCOPE_orders:read, ...).
		return jwt().jwt((jwt) -> jwt.claim("azp", clientId).claim("scope", String.join(" ", scopes)));
	}

	static Order order(String clientId) {
		Instant now = Instant.now();
		return new Order(UUID.randomUUID(), clientId, "reforest-42", 3, "PO-1", OrderStatus.RECEIVED, now, now);
	}

}
