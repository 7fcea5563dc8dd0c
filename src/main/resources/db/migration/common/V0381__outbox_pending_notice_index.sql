-- Outbox.notice looks for the same notice still waiting for its recipient (one email, not twenty).
CREATE INDEX outbox_recipient_idx ON outbox_message (recipient, sent_at);
