-- A postal address for people who are contacted by post (the convocation letter). Optional: asked
-- only when the preferred channel is the post. Lengths as for organisations' addresses.
ALTER TABLE beneficiary ADD COLUMN address_line VARCHAR(200);
ALTER TABLE beneficiary ADD COLUMN address_complement VARCHAR(200);
ALTER TABLE beneficiary ADD COLUMN postcode VARCHAR(5);
ALTER TABLE beneficiary ADD COLUMN city VARCHAR(100);
