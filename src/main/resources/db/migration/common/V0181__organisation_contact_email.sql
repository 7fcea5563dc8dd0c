-- The e-mail address people and prescribers write to at a structure (printed with its address and
-- phone on the diagnostic summary sent to the prescriber). Optional.
ALTER TABLE organisation ADD COLUMN contact_email VARCHAR(320);
