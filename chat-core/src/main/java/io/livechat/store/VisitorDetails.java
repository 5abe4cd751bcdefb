package io.livechat.store;

/**
 * What a visitor told us, or their browser did, when the session was created; shown on the desk.
 *
 * @param name     from the pre-chat form, may be empty
 * @param email    from the pre-chat form, may be empty
 * @param page     the page the widget ran on
 * @param referrer the page's referrer
 * @param browser  the User-Agent header
 */
public record VisitorDetails(String name, String email, String page, String referrer, String browser) {

    private static final int MAX = 500;

    /** Each field cut to 500 characters: they are shown, never trusted. */
    public VisitorDetails {
        name = cut(name);
        email = cut(email);
        page = cut(page);
        referrer = cut(referrer);
        browser = cut(browser);
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
