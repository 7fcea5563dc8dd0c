-- A mediator may be a "conseiller numérique" (a State-funded digital advisor): shown in lists and choices.
ALTER TABLE user_account ADD COLUMN digital_advisor BOOLEAN NOT NULL DEFAULT FALSE;

-- Administrators search organisations by name, SIRET, kind and territory.
CREATE INDEX organisation_siret_idx ON organisation (siret);
