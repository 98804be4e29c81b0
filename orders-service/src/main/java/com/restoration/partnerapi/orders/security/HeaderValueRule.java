package com.restoration.partnerapi.orders.security;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * {@link StrictHttpFirewall}'s rules, answered without their regular expressions for the usual text: for header
 * values (assigned characters, no controls but tab) printable ASCII and tabs; for header names and request
 * parameters (assigned characters, no controls) printable ASCII. Any other character goes to Spring's expression
 * itself, so each rule is Spring's exactly. The firewall checks every header name and value a filter reads, and a
 * bearer token is read twice per request (the DPoP and bearer resolvers): with a token of several hundred characters
 * the value expression was a fifth of orders-service's CPU per read, and the name expression, run on each of the
 * dozen header names read per request, 3 % once the values were fast.
 */
final class HeaderValueRule implements Predicate<String> {

	/** StrictHttpFirewall's own expression for header values (Spring Security 7.0). */
	static final Pattern SPRING_SECURITY_RULE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	/** StrictHttpFirewall's own expression for header names and parameters (Spring Security 7.0). */
	static final Pattern SPRING_SECURITY_NAME_RULE = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private final Pattern rule;

	private final boolean tabAllowed;

	private HeaderValueRule(Pattern rule, boolean tabAllowed) {
		this.rule = rule;
		this.tabAllowed = tabAllowed;
	}

	static HeaderValueRule values() {
		return new HeaderValueRule(SPRING_SECURITY_RULE, true);
	}

	static HeaderValueRule names() {
		return new HeaderValueRule(SPRING_SECURITY_NAME_RULE, false);
	}

	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(values());
		firewall.setAllowedHeaderNames(names());
		firewall.setAllowedParameterNames(names());
		firewall.setAllowedParameterValues(names());
		return firewall;
	}

	@Override
	public boolean test(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < ' ' && !(c == '\t' && this.tabAllowed)) || c > '~') {
				return this.rule.matcher(value).matches();
			}
		}
		return true;
	}

}
