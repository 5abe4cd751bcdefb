package io.livechat.server;

import io.livechat.config.ChatConfig;
import io.livechat.server.api.AgentApi;
import io.livechat.server.api.CannedApi;
import io.livechat.server.api.CaseApi;
import io.livechat.server.api.DeskRoutes;
import io.livechat.server.api.StatsApi;
import io.livechat.server.desk.AgentService;
import io.livechat.server.store.CannedRepository;
import io.livechat.server.store.CaseRepository;
import io.livechat.server.store.Database;
import io.livechat.server.store.StatsRepository;

import java.time.Clock;

/** Builds the desk's working tools (canned responses, notes and tags, statistics) for one agent-server node. */
final class DeskTools {

    private DeskTools() {
    }

    static DeskRoutes routes(ChatConfig config, Database db, AgentApi api, AgentService agents) {
        CannedApi canned = new CannedApi(db, new CannedRepository(db.dataSource()));
        CaseApi cases = new CaseApi(db, new CaseRepository(db.dataSource()), api, config.closeRequiresTag());
        agents.checkBeforeClose(cases::beforeClose);
        StatsApi stats = new StatsApi(db, new StatsRepository(db.dataSource()), Clock.systemUTC());
        return new DeskRoutes(api::authenticate, canned, cases, stats);
    }
}
