-- When the coordinators were reminded that this referral waits: once per referral.
ALTER TABLE referral ADD COLUMN reminder_sent_at TIMESTAMP WITH TIME ZONE;
