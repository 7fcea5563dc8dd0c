-- No secrets at rest in the outbox (ADR 0007): an email carrying a single-use link (invitation,
-- password reset) stores the kind of link and what it refers to, never the link; the link is
-- issued and the body rendered when the message is sent. Bodies (and attachments) of sent
-- messages are purged after a short retention; the recipient is then kept as a keyed hash.
ALTER TABLE outbox_message ADD COLUMN link_kind VARCHAR(30);
ALTER TABLE outbox_message ADD COLUMN link_ref BIGINT;
ALTER TABLE outbox_message ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_message ALTER COLUMN body DROP NOT NULL;
CREATE INDEX outbox_purge_idx ON outbox_message (sent_at) ;

-- Server-side keys (the key of KeyedHash when none is configured). Never shown, never exported.
CREATE TABLE server_key (
    name      VARCHAR(50)  PRIMARY KEY,
    key_value VARCHAR(200) NOT NULL
);
