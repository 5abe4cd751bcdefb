-- Internal notes and tags on conversations (issue 10). Notes are for agents only: they live here and nowhere else
-- (never in the Redis conversation log), so no transport can carry one to a visitor.
create table conversation_notes (
    id              bigserial primary key,
    conversation_id text not null,
    agent_id        bigint not null,
    agent_name      text not null,
    body            text not null,
    created_at      timestamptz not null default now()
);
create index conversation_notes_conversation_idx on conversation_notes (conversation_id, id);

-- Tags (categories), lower-cased; conversation_id has no foreign key, as for messages: a conversation may be tagged
-- before the transcript writer has stored its first row.
create table conversation_tags (
    conversation_id text not null,
    tag             text not null,
    agent_id        bigint not null,
    created_at      timestamptz not null default now(),
    primary key (conversation_id, tag)
);
create index conversation_tags_tag_idx on conversation_tags (tag);
