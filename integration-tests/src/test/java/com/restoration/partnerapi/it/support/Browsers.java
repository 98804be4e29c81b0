package com.restoration.partnerapi.it.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers of one test ({@code @RegisterExtension final Browsers browsers = new Browsers();}): opened when the
 * test asks, closed after it whatever its outcome, with ChromeDriver and Chromium. When the test failed, what each
 * browser showed at that moment is kept in target/screenshots/failed/ (a PNG and the page's HTML).
 */
public final class Browsers implements AfterEachCallback {

    private final List<Browser> open = new ArrayList<>();

    public Browser open() {
        Browser browser = Browser.start();
        open.add(browser);
        return browser;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String test = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        for (int i = 0; i < open.size(); i++) {
            Browser browser = open.get(i);
            try {
                if (context.getExecutionException().isPresent()) {
                    browser.keepForFailure(test + "-browser-" + (i + 1));
                }
            } catch (RuntimeException unreadable) {
                // The browser died with the test: there is nothing to keep, only to stop.
            } finally {
                browser.close();
            }
        }
        open.clear();
    }
}
