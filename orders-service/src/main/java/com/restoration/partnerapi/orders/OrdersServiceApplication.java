package com.restoration.partnerapi.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Partner orders behind Keycloak access tokens: {@code /accounts/{clientId}/orders}. */
@SpringBootApplication
public class OrdersServiceApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(OrdersServiceApplication.class);
		// Missing settings without a safe default: one line on stderr and exit code 2, before anything starts.
		application.addListeners(new StartupCheck());
		application.run(args);
	}

}
