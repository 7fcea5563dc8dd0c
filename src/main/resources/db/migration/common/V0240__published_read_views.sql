-- Published read views (ADR 0025): a module reads another module's data only through the owner's
-- public API or through one of these views, owned by the module named above each one. A view lists
-- the columns other modules may read; the owner may change its table as long as the view keeps
-- its columns. ModuleTablesTests checks that no module names another module's table in SQL.

-- owner: beneficiary — the person: identity, contact, placement (scope columns) and derived stage
CREATE VIEW beneficiary_v AS SELECT id, programme_id, last_name, first_name, full_name_norm, reverse_name_norm, birth_date, phone, email, preferred_channel, commune_insee, eligibility_category, ase_district_id, referring_organisation_id, territory_id, status, diagnosed_on, created_at, updated_at, version, name_key, name_key_reverse, name_key_cut, address_line, address_complement, postcode, city, anonymised, age_band FROM beneficiary;

-- owner: beneficiary — consents given and withdrawn, append-only
CREATE VIEW consent_v AS SELECT id, beneficiary_id, purpose, notice_version, accepted, recorded_at, recorded_by, organisation_id FROM consent;

-- owner: account — staff accounts without their secrets
CREATE VIEW user_account_v AS SELECT id, email, display_name, organisation_id, role, active, last_login_at, created_at, digital_advisor FROM user_account;

-- owner: organisation — organisations: kind, name, place in the consortium, contact
CREATE VIEW organisation_v AS SELECT id, kind, name, territory_id, consortium_id, lead_member, legal_form, siret, rna, prescriber_kind, active, created_at, address_line, postcode, city, access_info, phone, contact_email FROM organisation;

-- owner: organisation — territories a prescriber organisation serves
CREATE VIEW organisation_territory_v AS SELECT organisation_id, territory_id FROM organisation_territory;

-- owner: programme — programmes and their dates
CREATE VIEW programme_v AS SELECT id, code, name, starts_on, ends_on, diagnostic_deadline, budget_total_cents, is_default FROM programme;

-- owner: programme — territories of a programme and their budgets
CREATE VIEW programme_territory_v AS SELECT programme_id, territory_id, budget_cents, coordination_budget_cents FROM programme_territory;

-- owner: programme — territories
CREATE VIEW territory_v AS SELECT id, code, name, siren FROM territory;

-- owner: programme — communes and their territory (with merges)
CREATE VIEW commune_v AS SELECT insee_code, name, name_norm, territory_id, valid_until, merged_into FROM commune;

-- owner: programme — ASE districts
CREATE VIEW ase_district_v AS SELECT id, code, name, territory_id FROM ase_district;

-- owner: programme — eligibility categories
CREATE VIEW eligibility_category_v AS SELECT code, position FROM eligibility_category;

-- owner: referral — versions of the information notice
CREATE VIEW information_notice_v AS SELECT version, published_on FROM information_notice;

-- owner: referral — referrals: who referred whom, where to, status
CREATE VIEW referral_v AS SELECT id, programme_id, beneficiary_id, referring_organisation_id, referrer_user_id, territory_id, status, source, rsa_situation, notice_version, assigned_structure_id, assigned_mediator_id, refusal_reason, created_at, updated_at, version, reminder_sent_at FROM referral;

-- owner: referral — the referral status log
CREATE VIEW referral_transition_v AS SELECT id, referral_id, from_status, to_status, occurred_at, by_user_id, structure_id, mediator_id FROM referral_transition;

-- owner: appointment — appointments: when, where, with whom, status
CREATE VIEW appointment_v AS SELECT id, beneficiary_id, territory_id, referring_organisation_id, purpose, starts_at, duration_minutes, structure_id, mediator_id, status, reinvited_from_id, ics_sequence, reminder_sent_at, created_by, created_at, updated_at, version FROM appointment;

-- owner: diagnostic — diagnostics: status, dates, profile
CREATE VIEW diagnostic_v AS SELECT id, beneficiary_id, territory_id, referring_organisation_id, referential_id, mediator_id, status, current_step, started_at, updated_at, completed_at, profile, profile_label, version FROM diagnostic;
