package io.livechat.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/ARCHITECTURE (chat-core under both tiers, the tiers apart, Redis behind the store ports),
 * checked on the compiled classes of every module so that it stays true.
 */
class ArchitectureTest {

    private static final String[] CORE = {"io.livechat.config..", "io.livechat.http..", "io.livechat.websocket..",
        "io.livechat.delivery..", "io.livechat.metrics..", "io.livechat.protocol..", "io.livechat.routing..",
        "io.livechat.runtime..", "io.livechat.node..", "io.livechat.security..", "io.livechat.store.."};
    private static final String[] VISITOR_TIER = {"io.livechat.gateway..", "io.livechat.visitor..",
        "io.livechat.session..", "io.livechat.transport.."};
    private static final String[] AGENT_TIER = {"io.livechat.server.api..", "io.livechat.server.desk..",
        "io.livechat.server.store..", "io.livechat.server.infra..", "io.livechat.server.privacy.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.livechat");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.livechat.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void coreDependsOnNeitherTier() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(concat(VISITOR_TIER, AGENT_TIER)).check(classes);
    }

    @Test
    void agentTierDoesNotReachIntoTheVisitorTier() {
        noClasses().that().resideInAnyPackage(AGENT_TIER).should().dependOnClassesThat()
                .resideInAnyPackage(VISITOR_TIER).check(classes);
    }

    @Test
    void visitorTierDoesNotReachIntoTheAgentTier() {
        noClasses().that().resideInAnyPackage(VISITOR_TIER).should().dependOnClassesThat()
                .resideInAPackage("io.livechat.server..").check(classes);
    }

    @Test
    void lettuceOnlyBehindTheStorePorts() {
        noClasses().that().resideOutsideOfPackages("io.livechat.store.redis..", "io.livechat.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .because("Redis is reached only through the store ports (io.livechat.store)").check(classes);
    }

    @Test
    void onlyTheResourceOwnerBuildsTheRedisStores() {
        noClasses().that().resideOutsideOfPackages("io.livechat.store.redis..", "io.livechat.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.livechat.store.redis..").check(classes);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
