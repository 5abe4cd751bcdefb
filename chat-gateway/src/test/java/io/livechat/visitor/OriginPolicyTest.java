package io.livechat.visitor;

import io.livechat.store.SiteDirectory.Site;
import io.livechat.store.memory.MemorySiteDirectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which page origins may use a site on this gateway, {@code self} included, and what a preflight is granted. */
class OriginPolicyTest {

    private final MemorySiteDirectory sites = new MemorySiteDirectory();
    private final OriginPolicy policy = new OriginPolicy(sites, () -> 8090);

    @Test
    void selfIsThisGatewaysOwnOriginOnItsPortOnly() {
        Site demo = new Site("demo", "Demo", List.of(Site.SELF));
        assertTrue(policy.allows(demo, "http://127.0.0.1:8090"));
        assertTrue(policy.allows(demo, "http://localhost:8090"));
        assertFalse(policy.allows(demo, "http://127.0.0.1:8080"), "another gateway's port");
        assertFalse(policy.allows(demo, "https://localhost:8090"));
        assertFalse(policy.allows(demo, "self"));
    }

    @Test
    void aSiteWithoutSelfAllowsOnlyItsOrigins() {
        Site shop = new Site("shop", "Shop", List.of("https://shop.example"));
        assertTrue(policy.allows(shop, "https://shop.example"));
        assertFalse(policy.allows(shop, "http://127.0.0.1:8090"));
        assertTrue(policy.allows(shop, null), "a request without an Origin is no browser page");
    }

    @Test
    void aPreflightIsGrantedWhenSomeSiteAllowsTheOrigin() {
        sites.publish(new Site("shop", "Shop", List.of("https://shop.example")));
        sites.publish(new Site("demo", "Demo", List.of(Site.SELF)));
        assertTrue(policy.anySiteAllows("https://shop.example").join());
        assertTrue(policy.anySiteAllows("http://localhost:8090").join());
        assertFalse(policy.anySiteAllows("http://evil.example").join());
        assertFalse(policy.anySiteAllows("null").join(), "an opaque origin");
    }
}
