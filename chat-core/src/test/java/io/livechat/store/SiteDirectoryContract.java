package io.livechat.store;

import io.livechat.protocol.ErrorCode;
import io.livechat.store.SiteDirectory.Site;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contract of {@link SiteDirectory}, for every implementation. */
public abstract class SiteDirectoryContract extends StoreContract {

    @Test
    void publishedSiteIsFound() {
        Site site = new Site("site-1", "Shop", List.of("https://shop.example", "https://www.shop.example"));
        join(stores().sites().publish(site));
        assertEquals(site, join(stores().sites().find("site-1")));
    }

    @Test
    void everyPublishedSiteIsListed() {
        Site shop = new Site("site-1", "Shop", List.of("https://shop.example"));
        Site blog = new Site("site-2", "Blog", List.of(Site.SELF));
        join(stores().sites().publish(shop));
        join(stores().sites().all());
        join(stores().sites().publish(blog));
        List<Site> all = new java.util.ArrayList<>(join(stores().sites().all()));
        all.sort(java.util.Comparator.comparing(Site::key));
        assertEquals(List.of(shop, blog), all);
    }

    @Test
    void unknownSiteFailsWithUnknownSite() {
        assertFailsWith(ErrorCode.UNKNOWN_SITE, stores().sites().find("nope"));
    }

    @Test
    void publishingASiteAgainReplacesIt() {
        join(stores().sites().publish(new Site("site-1", "Shop", List.of("https://shop.example"))));
        join(stores().sites().find("site-1"));
        Site renamed = new Site("site-1", "Shop & Co", List.of("*"));
        join(stores().sites().publish(renamed));
        assertEquals(renamed, join(stores().sites().find("site-1")));
    }

    @Test
    void siteLookedForBeforeItWasPublishedIsFoundOncePublished() {
        assertFailsWith(ErrorCode.UNKNOWN_SITE, stores().sites().find("site-1"));
        Site site = new Site("site-1", "Shop", List.of("*"));
        join(stores().sites().publish(site));
        assertEquals(site, join(stores().sites().find("site-1")));
    }
}
