-- Initial schema of the live-chat server.
-- Transcripts arrive in batches from the Redis stream (TranscriptWriter); every insert is idempotent, so a
-- retried batch never creates a second row.

create table sites (
    site_key        text primary key,
    name            text not null,
    allowed_origins text[] not null,
    created_at      timestamptz not null default now()
);

-- Not used yet: the door left open for routing conversations to departments.
create table departments (
    id       bigserial primary key,
    site_key text not null references sites,
    name     text not null
);

create table agents (
    id            bigserial primary key,
    email         text not null unique,
    display_name  text not null,
    password_hash text not null,
    role          text not null default 'agent',
    created_at    timestamptz not null default now()
);

-- site_key has no foreign key on purpose: a message accepted by a gateway must always be storable, even when
-- its site was removed meanwhile.
create table conversations (
    conversation_id text primary key,
    site_key        text not null,
    visitor_id      text not null,
    agent_id        bigint null,
    department_id   bigint null,
    status          text not null default 'open',
    created_at      timestamptz not null,
    last_seq        bigint not null default 0,
    updated_at      timestamptz not null default now()
);

-- Serves both "conversations of agent X" and its "most recently active first" order.
create index conversations_agent_idx on conversations (agent_id, updated_at desc);

create table messages (
    conversation_id text not null,
    seq             bigint not null,
    client_msg_id   text not null,
    sender_type     text not null,
    sender_id       text,
    sender_name     text,
    body            text not null,
    created_at      timestamptz not null,
    primary key (conversation_id, seq),
    unique (conversation_id, client_msg_id)
);
