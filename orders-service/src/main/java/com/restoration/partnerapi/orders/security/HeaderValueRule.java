package com.restoration.partnerapi.orders.security;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * {@link StrictHttpFirewall}'s rule for header values (assigned characters, no controls but tab), answered without
 * its regular expression for the usual value: printable ASCII and tabs, which the expression accepts. Any other
 * character goes to the expression itself, so the rule is Spring's exactly. The firewall checks every header value
 * a filter reads, and a bearer token is read twice per request (the DPoP and bearer resolvers): with a token of
 * several hundred characters the expression was a fifth of orders-service's CPU per read.
 */
final class HeaderValueRule implements Predicate<String> {

	/** StrictHttpFirewall's own expression (Spring Security 7.0). */
	static final Pattern SPRING_SECURITY_RULE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(new HeaderValueRule());
		return firewall;
	}

	@Override
	public boolean test(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < ' ' && c != '\t') || c > '~') {
				return SPRING_SECURITY_RULE.matcher(value).matches();
			}
		}
		return true;
	}

}
