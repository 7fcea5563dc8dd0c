-- The referrals list of a programme-wide role reads every referral newest first, a page at a time:
-- without this index each page sorted the whole table.
CREATE INDEX referral_created_idx ON referral (created_at, id);
