-- Canned responses (issue 10): an agent's own (agent_id set) or shared by every agent (agent_id null).
-- department_id is the door left open for a department's set: null until departments land.
-- Numbered 10 so that other branches' V3..V9 migrations slot in before it without a renumbering.
create table canned_responses (
    id            bigserial primary key,
    agent_id      bigint null references agents on delete cascade,
    department_id bigint null references departments on delete cascade,
    shortcut      text not null,
    body          text not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

-- One shortcut per owner (lower-cased): an agent's own may shadow a shared one of the same name.
create unique index canned_responses_owner_shortcut
    on canned_responses (coalesce(agent_id, 0), coalesce(department_id, 0), lower(shortcut));
