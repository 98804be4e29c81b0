package com.restoration.partnerapi.orders.revocation;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The access token orders-service presents where it reads revocations (the SSF transmitter's endpoints, or the
 * deprecated feed): OAuth2 client credentials with Spring Security's client support, kept until shortly before it
 * expires ({@value #EXPIRY_MARGIN_SECONDS} s).
 *
 * <p>
 * Deliberately not wired as Spring Security OAuth2 client beans (no {@code ClientRegistrationRepository},
 * no {@code OAuth2AuthorizedClientManager} bean): that would be what Spring Boot's OAuth2 client
 * auto-configuration reacts to, and orders-service has no login and no OAuth2 client endpoints. The secret and
 * the token are never logged.
 */
final class RevocationClientToken {

	static final String REGISTRATION_ID = "revocations";

	static final long EXPIRY_MARGIN_SECONDS = 60;

	/** The one "principal" the token is kept under: the service itself. */
	private static final String PRINCIPAL = "orders-service";

	private final OAuth2AuthorizedClientService clients;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	private final URI tokenUri;

	RevocationClientToken(URI tokenUri, String clientId, String clientSecret) {
		if (clientSecret == null || clientSecret.isBlank()) {
			throw new IllegalStateException("orders.revocation.client-secret is not set: revocations are read with the "
					+ "secret of the Keycloak client '" + clientId + "'");
		}
		this.tokenUri = tokenUri;
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId(clientId)
			.clientSecret(clientSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri.toString())
			.build();
		this.clients = new InMemoryOAuth2AuthorizedClientService(new InMemoryClientRegistrationRepository(registration));

		RestClientClientCredentialsTokenResponseClient tokenResponses = new RestClientClientCredentialsTokenResponseClient();
		tokenResponses.setRestClient(tokenEndpointClient());
		ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
		provider.setAccessTokenResponseClient(tokenResponses);
		provider.setClockSkew(Duration.ofSeconds(EXPIRY_MARGIN_SECONDS));
		this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				new InMemoryClientRegistrationRepository(registration), this.clients);
		this.manager.setAuthorizedClientProvider(provider);
	}

	/**
	 * The current token, fetched from the token endpoint if there is none or it expires within the margin.
	 * @throws OAuth2AuthorizationException if the token endpoint is unreachable or refuses the client; its
	 * message holds the OAuth2 error, never the secret
	 */
	String get() {
		OAuth2AuthorizedClient client = this.manager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID).principal(PRINCIPAL).build());
		if (client == null) {
			throw new OAuth2AuthorizationException(new OAuth2Error("no_token", "No access token from " + this.tokenUri, null));
		}
		return client.getAccessToken().getTokenValue();
	}

	/** Drops the token (it was refused): the next {@link #get()} asks the token endpoint again. */
	void invalidate() {
		this.clients.removeAuthorizedClient(REGISTRATION_ID, PRINCIPAL);
	}

	URI tokenUri() {
		return this.tokenUri;
	}

	/** Spring Security's defaults for a token endpoint, with timeouts: a hanging Keycloak must not stall revocations. */
	private static RestClient tokenEndpointClient() {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(Duration.ofSeconds(3));
		return RestClient.builder()
			.requestFactory(requests)
			.configureMessageConverters((converters) -> {
				converters.addCustomConverter(new FormHttpMessageConverter());
				converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
			})
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build();
	}

}
