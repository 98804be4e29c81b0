package com.restoration.partnerapi.it.support;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Keycloak's login form as a person fills it in. With organizations enabled, a first login asks for the username
 * alone (identity-first: an organization's members may be sent to its identity provider), then for the password;
 * a re-authentication (an existing session, {@code max_age=0}) shows who is logging in and asks for the password only.
 */
public final class KeycloakLoginPage {

    private static final By USERNAME = By.id("username");
    private static final By PASSWORD = By.id("password");
    private static final By SUBMIT = By.id("kc-login");

    private final Browser browser;

    private KeycloakLoginPage(Browser browser) {
        this.browser = browser;
    }

    /** The form, once the browser shows it: a username or a password to fill in. */
    public static KeycloakLoginPage awaitShown(Browser browser) {
        browser.visible(SUBMIT);
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
            if (browser.all(PASSWORD).stream().noneMatch(WebElement::isDisplayed)) {
                browser.click(SUBMIT);
            }
        }
        browser.visible(PASSWORD);
        browser.type(PASSWORD, password);
        browser.click(SUBMIT);
    }
}
