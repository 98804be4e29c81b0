package com.restoration.partnerapi.it.support;

import org.openqa.selenium.By;

/**
 * Keycloak's login form as a person fills it in. A first login asks for the username and the password; a
 * re-authentication (an existing session, {@code max_age=0}) shows who is logging in and asks for the password only.
 */
public final class KeycloakLoginPage {

    private static final By USERNAME = By.id("username");
    private static final By PASSWORD = By.id("password");
    private static final By SUBMIT = By.id("kc-login");

    private final Browser browser;

    private KeycloakLoginPage(Browser browser) {
        this.browser = browser;
    }

    /** The form, once the browser shows it. */
    public static KeycloakLoginPage awaitShown(Browser browser) {
        browser.visible(PASSWORD);
        return new KeycloakLoginPage(browser);
    }

    /** Whether the form asks for a username (a re-authentication only asks for the password). */
    public boolean asksForUsername() {
        return browser.all(USERNAME).stream().anyMatch(field -> field.isDisplayed() && field.isEnabled()
                && field.getDomAttribute("readonly") == null);
    }

    /** Fills in what the form asks for and submits it. */
    public void logIn(String username, String password) {
        if (asksForUsername()) {
            browser.type(USERNAME, username);
        }
        browser.type(PASSWORD, password);
        browser.click(SUBMIT);
    }
}
