-- Privacy: erasure of a visitor's data and the retention purge.
-- A conversation erased or purged leaves only its id here, so that a message of it that was still on its way to
-- PostgreSQL (held by a transcript writer) is dropped in the writer's own transaction instead of reappearing.
-- visitor_id is kept only until the Redis side of the erasure is done (store_cleared), then set to null.
create table erased_conversations (
    conversation_id text primary key,
    visitor_id      text null,
    erased_at       timestamptz not null default now(),
    store_cleared   boolean not null default false
);

create index erased_conversations_pending_idx on erased_conversations (erased_at) where not store_cleared;

-- The retention purge looks for conversations whose last activity is older than the retention period.
create index conversations_updated_idx on conversations (updated_at);
