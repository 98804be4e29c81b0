package com.restoration.partnerapi.orders.api;

import static com.restoration.partnerapi.orders.api.OrdersAuthorizationTest.order;
import static com.restoration.partnerapi.orders.api.OrdersAuthorizationTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.restoration.partnerapi.orders.security.JwtDecoderConfiguration;
import com.restoration.partnerapi.orders.security.SecurityConfiguration;
import com.restoration.partnerapi.orders.store.CreatedOrder;
import com.restoration.partnerapi.orders.store.IdempotencyKeyReusedException;
import com.restoration.partnerapi.orders.store.OrderPage;
import com.restoration.partnerapi.orders.store.OrderStore;
import com.restoration.partnerapi.orders.store.PageCursor;
import com.restoration.partnerapi.orders.support.GatewayTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.util.unit.DataSize;

/** Bad input gets a clear 4xx problem, never a 5xx; database trouble gets a 503. */
@WebMvcTest(OrdersController.class)
@Import({ SecurityConfiguration.class, JwtDecoderConfiguration.class, StrictJsonConfiguration.class,
		ProblemResponses.class })
class OrdersApiErrorsTest {

	private static final String ORDERS = "/accounts/partner-a/orders";

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	OrderStore store;

	@Value("${orders.max-request-body-size}")
	DataSize maxRequestBodySize;

	@Test
	void writesOrdersInSnakeCase() {
		given(this.store.create(eq("partner-a"), any(), any())).willReturn(new CreatedOrder(order("partner-a"), false));

		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": 3}");

		assertThat(result).hasStatus(HttpStatus.CREATED);
		assertThat(result).hasContentType(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().extractingPath("$").asMap().containsOnlyKeys("id", "client_id", "project_id",
				"quantity", "reference", "status", "created_at", "updated_at");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("received");
	}

	@Test
	void rejectsMalformedJson() {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": ");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("The request body is not valid JSON");
	}

	// client_id, status: what the server sets is no field of a request either, so another account cannot be chosen.
	@ParameterizedTest
	@ValueSource(strings = { "price", "client_id", "status" })
	void rejectsUnknownField(String field) {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": 3, \"" + field + "\": \"x\"}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Unknown field '" + field + "'.");
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
		verifyNoInteractions(this.store);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"3\"", "1.5", "true", "[3]", "{}" })
	void rejectsQuantityOfWrongType(String quantity) {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": " + quantity + "}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("quantity");
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must be an integer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5" })
	void rejectsQuantityThatIsNotPositive(String quantity) {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": " + quantity + "}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors").asArray()
			.containsExactly(Map.of("field", "quantity", "message", "must be a positive integer"));
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsQuantityBeyondIntegerRange() {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": 99999999999}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("quantity");
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("is out of range for an integer");
	}

	@Test
	void rejectsNumberWhereTextIsExpected() {
		MvcTestResult result = create("{\"project_id\": 42, \"quantity\": 3}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("project_id");
	}

	@Test
	void rejectsFieldGivenTwice() {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": 3, \"quantity\": 300}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail").asString()
			.startsWith("The request body gives a field more than once");
	}

	@Test
	void listsEveryInvalidField() {
		MvcTestResult result = create("{\"project_id\": \" \", \"quantity\": 0, \"reference\": \"" + "x".repeat(201) + "\"}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Invalid request: 3 fields are invalid.");
		assertThat(result).bodyJson().extractingPath("$.errors").asArray().containsExactly(
				Map.of("field", "project_id", "message", "must not be blank"),
				Map.of("field", "quantity", "message", "must be a positive integer"),
				Map.of("field", "reference", "message", "size must be between 0 and 200"));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@CsvSource({ "project_id, \\u0000", "project_id, \\u0001", "project_id, \\u007f", "project_id, \\u001f",
			"project_id, \\n", "reference, \\u0000", "reference, \\u0001", "reference, \\u007f",
			"reference, \\u001F", "reference, \\t" })
	void rejectsControlCharactersInTextFields(String field, String jsonEscape) {
		Map<String, String> text = new java.util.HashMap<>(Map.of("project_id", "reforest-42", "reference", "PO-1001"));
		text.put(field, "before" + jsonEscape + "after");

		MvcTestResult result = create("{\"project_id\": \"" + text.get("project_id") + "\", \"quantity\": 3, "
				+ "\"reference\": \"" + text.get("reference") + "\"}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail")
			.isEqualTo("Invalid request: '" + field + "' must not contain control characters (U+0000 to U+001F, U+007F).");
		assertThat(result).bodyJson().extractingPath("$.errors").asArray().containsExactly(Map.of("field", field,
				"message", "must not contain control characters (U+0000 to U+001F, U+007F)"));
		verifyNoInteractions(this.store);
	}

	@Test
	void acceptsTextWithoutControlCharacters() {
		given(this.store.create(eq("partner-a"), any(), any())).willReturn(new CreatedOrder(order("partner-a"), false));

		MvcTestResult result = create("{\"project_id\": \"r\u00e9forest \\u00e9-42 \u2603\", \"quantity\": 3, "
				+ "\"reference\": \"PO 1001 / \\u0080 \u00a0 ~\"}");

		assertThat(result).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void readsNullAsMissing() {
		MvcTestResult result = create("{\"project_id\": null, \"quantity\": 3}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors").asArray()
			.containsExactly(Map.of("field", "project_id", "message", "must not be blank"));		verifyNoInteractions(this.store);
	}

	@Test
	void acceptsAProjectIdOf100CharactersAndRejectsOneMore() {
		given(this.store.create(eq("partner-a"), any(), any())).willReturn(new CreatedOrder(order("partner-a"), false));

		MvcTestResult atLimit = create("{\"project_id\": \"" + "p".repeat(100) + "\", \"quantity\": 3}");
		MvcTestResult overLimit = create("{\"project_id\": \"" + "p".repeat(101) + "\", \"quantity\": 3}");

		assertThat(atLimit).hasStatus(HttpStatus.CREATED);
		assertBadRequest(overLimit);
		assertThat(overLimit).bodyJson().extractingPath("$.errors").asArray()
			.containsExactly(Map.of("field", "project_id", "message", "size must be between 0 and 100"));
	}

	@Test
	void rejectsMissingFields() {
		MvcTestResult result = create("{}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
			.containsExactly("project_id", "quantity");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "[]", "\"order\"" })
	void rejectsBodyThatIsNoObject(String body) {
		assertBadRequest(create(body));
	}

	@Test
	void rejectsBodyOfDeeplyNestedArraysAsNoObject() {
		MvcTestResult result = create("[".repeat(5000) + "]".repeat(5000));

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail")
			.isEqualTo("The request body is not a JSON object of the expected shape.");
	}

	@Test
	void rejectsBodyThatIsNotUtf8() {
		MvcTestResult result = this.mvc.post().uri(ORDERS).with(token("partner-a", "orders:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(new byte[] { '{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}' })
			.exchange();

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().startsWith("The request body is not valid JSON");
		verifyNoInteractions(this.store);
	}

	// Jackson's other limits are bad input, not a body too large: a 400 (ApiExceptionHandler tells them apart).
	@Test
	void rejectsNumberLongerThanJacksonReadsWith400() {
		MvcTestResult result = create("{\"project_id\": \"reforest-42\", \"quantity\": " + "1".repeat(1001) + "}");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.detail")
			.isEqualTo("The request body is not a JSON object of the expected shape.");
		verifyNoInteractions(this.store);
	}

	@Test
	void readsABodyUpToTheLimitAndRefusesOneByteMoreWithTheGateways413() {
		GatewayTemplate.Answer gateway = GatewayTemplate.read().answer("@orders_too_large");

		MvcTestResult atLimit = create(bodyOfBytes(this.maxRequestBodySize.toBytes()));
		MvcTestResult overLimit = create(bodyOfBytes(this.maxRequestBodySize.toBytes() + 1));

		assertBadRequest(atLimit);
		assertThat(atLimit).bodyJson().extractingPath("$.errors[0].field").isEqualTo("reference");
		assertThat(overLimit).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(overLimit).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(overLimit).bodyJson().extractingPath("$.status").isEqualTo(gateway.status());
		assertThat(overLimit).bodyJson().extractingPath("$.title").isEqualTo(gateway.body().get("title").asString());
		assertThat(overLimit).bodyJson().extractingPath("$.detail").isEqualTo(gateway.body().get("detail").asString());
		verifyNoInteractions(this.store);
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/xml", "" })
	void rejectsOtherContentTypeWith415(String contentType) {
		MockMvcTester.MockMvcRequestBuilder request = this.mvc.post().uri(ORDERS).with(token("partner-a", "orders:write"))
			.content("{\"project_id\": \"reforest-42\", \"quantity\": 3}");
		if (!contentType.isEmpty()) {
			request.contentType(contentType);
		}

		MvcTestResult result = request.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		// Spring MVC's own refusal, written like every other problem: its Accept header, a detail that is a sentence.
		assertThat(result).headers().containsHeader(HttpHeaders.ACCEPT);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().endsWith(".");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(415);
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsInvalidIdempotencyKey() {
		MvcTestResult result = this.mvc.post().uri(ORDERS).with(token("partner-a", "orders:write"))
			.header("Idempotency-Key", "k".repeat(256))
			.contentType(MediaType.APPLICATION_JSON).content("{\"project_id\": \"reforest-42\", \"quantity\": 3}")
			.exchange();

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("Idempotency-Key");
		verifyNoInteractions(this.store);
	}

	@Test
	void reusedIdempotencyKeyIs422() {
		given(this.store.create(eq("partner-a"), any(), eq("key-1")))
			.willThrow(new IdempotencyKeyReusedException("key-1"));

		MvcTestResult result = this.mvc.post().uri(ORDERS).with(token("partner-a", "orders:write"))
			.header("Idempotency-Key", "key-1")
			.contentType(MediaType.APPLICATION_JSON).content("{\"project_id\": \"reforest-42\", \"quantity\": 3}")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("already used");
	}

	@Test
	void rejectsOrderIdThatIsNoUuid() {
		MvcTestResult result = read(ORDERS + "/12345");

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("order_id");
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must be a UUID");
	}

	@Test
	void unknownPathBelowAnOrderIs404() {
		MvcTestResult result = read(ORDERS + "/" + java.util.UUID.randomUUID() + "/secrets");

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("No such resource.");
		verifyNoInteractions(this.store);
	}

	@Test
	void unknownOrderIs404() {
		MvcTestResult result = read(ORDERS + "/" + java.util.UUID.randomUUID());

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "101", "10000", "-1", "abc", "1e3", "1.5" })
	void rejectsLimitOutside1To100(String limit) {
		MvcTestResult result = read(ORDERS + "?limit=" + limit);

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("limit");
		verifyNoInteractions(this.store);
	}

	@Test
	void acceptsLimitsAtTheBounds() {
		given(this.store.page(eq("partner-a"), any(), any(), any(Integer.class))).willReturn(new OrderPage(List.of(), null));

		assertThat(read(ORDERS + "?limit=1")).hasStatus(HttpStatus.OK);
		assertThat(read(ORDERS + "?limit=100")).hasStatus(HttpStatus.OK);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-a-cursor!", "AAAA", "eyJpZCI6MX0", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
	void rejectsForgedCursor(String cursor) {
		MvcTestResult result = read(ORDERS + "?cursor=" + cursor);

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("cursor");
		verifyNoInteractions(this.store);
	}

	@Test
	void rejectsCursorWithImpossibleTime() {
		ByteBuffer bytes = ByteBuffer.allocate(25).put((byte) 1).putLong(Long.MAX_VALUE).putLong(1).putLong(2);

		MvcTestResult result = read(ORDERS + "?cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()));

		assertBadRequest(result);
		verifyNoInteractions(this.store);
	}

	@Test
	void returnsCursorOfTheLastOrderWhenMoreFollow() throws Exception {
		var last = order("partner-a");
		given(this.store.page(eq("partner-a"), any(), any(), eq(1)))
			.willReturn(new OrderPage(List.of(last), new PageCursor(last.createdAt(), last.id())));

		MvcTestResult result = read(ORDERS + "?limit=1");

		assertThat(result).hasStatus(HttpStatus.OK);
		String cursor = (String) com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.next_cursor");
		assertThat(PageCursor.decode(cursor).id()).isEqualTo(last.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "shipped", "received;drop", "' OR 1=1--" })
	void rejectsUnknownStatus(String status) {
		MvcTestResult result = read(ORDERS + "?status={status}", status);

		assertBadRequest(result);
		assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString()
			.isEqualTo("must be one of received, in_progress, completed, cancelled");
	}

	@Test
	void unexpectedFailureIs500WithoutDetails() throws Exception {
		given(this.store.page(eq("partner-a"), any(), any(), eq(20))).willThrow(new IllegalStateException("secret"));

		MvcTestResult result = read(ORDERS);

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Unexpected error.");
		assertThat(result.getResponse().getContentAsString()).doesNotContain("secret", "Exception");
	}

	/** A valid order but for its reference, which fills it to exactly {@code bytes} bytes. */
	private static String bodyOfBytes(long bytes) {
		String start = "{\"project_id\": \"reforest-42\", \"quantity\": 3, \"reference\": \"";
		String end = "\"}";
		return start + "x".repeat((int) bytes - start.length() - end.length()) + end;
	}

	private MvcTestResult create(String body) {
		return this.mvc.post().uri(ORDERS).with(token("partner-a", "orders:write"))
			.contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private MvcTestResult read(String uri, Object... uriVariables) {
		return this.mvc.get().uri(uri, uriVariables).with(token("partner-a", "orders:read")).exchange();
	}

	private static void assertBadRequest(MvcTestResult result) {
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank().endsWith(".");
		try {
			assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception", "tools.jackson", "at com.");
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new AssertionError(ex);
		}
	}

}
