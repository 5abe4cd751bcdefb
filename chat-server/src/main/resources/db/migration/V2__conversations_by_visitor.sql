-- A visitor session whose conversation Redis lost is restored from here, found by its visitor id (the sid).
create index conversations_visitor_idx on conversations (visitor_id);
