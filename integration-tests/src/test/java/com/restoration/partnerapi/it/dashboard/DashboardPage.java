package com.restoration.partnerapi.it.dashboard;

import java.util.List;

import com.restoration.partnerapi.it.support.Browser;
import com.restoration.partnerapi.it.support.KeycloakLoginPage;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The partner dashboard ({BASE_URL}/dashboard/) as its user sees it, through the element ids and classes of its
 * contract (issue 16): what a test reads off the page and the buttons it presses.
 */
final class DashboardPage {

    private static final By LOG_IN = By.id("login");
    private static final By USER = By.id("user");
    private static final By PARTNER = By.id("partner");
    private static final By NO_PARTNER = By.id("no-partner");
    private static final By CLIENTS = By.cssSelector("section.client");
    private static final By CONFIRM_ROTATE = By.cssSelector(".confirm-rotate[role=alertdialog]");

    private final Browser browser;
    private final String url;

    DashboardPage(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    /** Opens the page and presses "Log in": Keycloak's login form. */
    KeycloakLoginPage open() {
        load();
        return pressLogIn();
    }

    /** Opens the page, not logged in yet: once it offers to log in. */
    void load() {
        browser.open(url);
        browser.visible(LOG_IN);
    }

    /** Presses "Log in": Keycloak's login form. */
    KeycloakLoginPage pressLogIn() {
        browser.click(LOG_IN);
        return KeycloakLoginPage.awaitShown(browser);
    }

    /** Back from Keycloak, logged in: the page shows who. */
    String awaitLoggedIn() {
        browser.awaitUrlStartingWith(url);
        return browser.awaitText(USER, "who is logged in", text -> !text.isEmpty());
    }

    String partner() {
        return browser.text(PARTNER);
    }

    String noPartnerMessage() {
        return browser.text(NO_PARTNER);
    }

    /** The client_ids of the clients the page shows. */
    List<String> clientIds() {
        return browser.all(CLIENTS).stream().map(section -> section.getDomAttribute("data-client-id")).toList();
    }

    /** The client's secret as the page first shows it: masked. */
    String awaitMaskedSecret(String clientId) {
        return browser.awaitText(in(clientId, ".secret"), "a masked secret", text -> text.contains("••••"));
    }

    void pressReveal(String clientId) {
        browser.click(in(clientId, "button.reveal"));
    }

    /** The secret in full, once the page shows it (no mask left). */
    String awaitRevealedSecret(String clientId) {
        return browser.awaitText(in(clientId, ".secret"), "the secret in full",
                text -> !text.isEmpty() && !text.contains("•"));
    }

    /** Chooses when the old secret stops ("0", "3600", "86400"), presses "Rotate secret": the confirmation's text. */
    String askToRotate(String clientId, String gracePeriodSeconds) {
        new Select(browser.visible(in(clientId, "select.grace"))).selectByValue(gracePeriodSeconds);
        browser.click(in(clientId, "button.rotate"));
        return browser.visibleAmong(CONFIRM_ROTATE).getText().strip();
    }

    void confirmRotation() {
        WebElement confirmation = browser.visibleAmong(CONFIRM_ROTATE);
        confirmation.findElement(By.cssSelector("button.confirm")).click();
    }

    /** What the page shows once after a rotation: the new secret (and the warning to copy it now). */
    String awaitNewSecret(String clientId) {
        return browser.awaitText(in(clientId, ".new-secret"), "the new secret", text -> !text.isEmpty());
    }

    /** The labels of the buttons the page shows now. */
    List<String> buttonLabels() {
        return browser.all(By.tagName("button")).stream().filter(WebElement::isDisplayed)
                .map(button -> button.getText().strip()).filter(label -> !label.isEmpty()).toList();
    }

    /** Everything the page shows. */
    String text() {
        return browser.text(By.tagName("body"));
    }

    /** The page's HTML as it is now, hidden parts included. */
    String source() {
        return browser.driver().getPageSource();
    }

    String examples(String clientId) {
        return browser.text(in(clientId, ".examples"));
    }

    private static By in(String clientId, String selector) {
        return By.cssSelector(sectionSelector(clientId) + " " + selector);
    }

    private static String sectionSelector(String clientId) {
        return "section.client[data-client-id=\"" + clientId + "\"]";
    }
}
