package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * The two header readings done without Spring's regular expressions answer as Spring does: the firewall's rule for
 * header values, and the bearer token's form.
 */
class HeaderRulesTest {

	private static final List<String> HEADER_VALUES = List.of("", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "a\tb", "caf\u00e9",
			"line\nbreak", "nul\u0000", "bell\u0007", "del\u007f", "unassigned\u0378", "c1 control\u0085", "~ !\"#",
			"\uD83D\uDE00 surrogate pair", "lone \uD83D surrogate");

	@Test
	void headerValuesAreAcceptedExactlyAsSpringSecuritysRuleAcceptsThem() {
		HeaderValueRule rule = HeaderValueRule.values();
		for (String value : HEADER_VALUES) {
			assertThat(rule.test(value)).as(value)
				.isEqualTo(HeaderValueRule.SPRING_SECURITY_RULE.matcher(value).matches());
		}
	}

	@Test
	void headerNamesAndParametersAreAcceptedExactlyAsSpringSecuritysRuleAcceptsThem() {
		HeaderValueRule rule = HeaderValueRule.names();
		for (String value : HEADER_VALUES) {
			assertThat(rule.test(value)).as(value)
				.isEqualTo(HeaderValueRule.SPRING_SECURITY_NAME_RULE.matcher(value).matches());
		}
		assertThat(rule.test("a\tb")).isFalse();
	}

	@Test
	void theFirewallRefusesAControlCharacterInAHeaderNameOrParameter() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/accounts/acme/orders");
		request.addHeader("X-Bell\u0007", "x");
		request.addParameter("limit", "1\u0007");

		var firewalled = HeaderValueRule.firewall().getFirewalledRequest(request);

		assertThatThrownBy(() -> firewalled.getHeader("X-Bell\u0007")).isInstanceOf(RequestRejectedException.class);
		assertThatThrownBy(() -> firewalled.getParameter("limit")).isInstanceOf(RequestRejectedException.class);
	}

	@Test
	void theFirewallRefusesAControlCharacterInAHeaderValue() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/accounts/acme/orders");
		request.addHeader("X-Note", "bell\u0007");
		request.addHeader("Authorization", "Bearer abc");

		var firewalled = HeaderValueRule.firewall().getFirewalledRequest(request);

		assertThat(firewalled.getHeader("Authorization")).isEqualTo("Bearer abc");
		assertThatThrownBy(() -> firewalled.getHeader("X-Note")).isInstanceOf(RequestRejectedException.class);
	}

	@Test
	void bearerTokensAreReadAsSpringsResolverReadsThem() {
		DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
		HeaderOnlyBearerTokenResolver ours = new HeaderOnlyBearerTokenResolver();
		for (String header : List.of("Bearer abc.DEF-_~+/09", "bearer abc==", "BEARER a=", "Bearer abc=def", "Bearer ",
				"Bearer  abc", "Bearer abc ", "Bearer ab c", "Bearer ===", "Bearer \u00e9", "Basic YWxhZGRpbjpvcGVu",
				"Bearerabc", "DPoP abc")) {
			assertThat(outcome(ours, header)).as(header).isEqualTo(outcome(spring, header));
		}
		assertThat(HeaderOnlyBearerTokenResolver.plainBearerToken("Bearer abc.def==")).isEqualTo("abc.def==");
	}

	private static String outcome(BearerTokenResolver resolver,
			String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/accounts/acme/orders");
		request.addHeader("Authorization", authorization);
		try {
			return "token " + resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
