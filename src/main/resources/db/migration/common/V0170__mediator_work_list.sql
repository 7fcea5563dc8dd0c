-- "Mes personnes" finds a mediator's people by the referrals entrusted to them and the diagnostics
-- they started (appointments already have appointment_mediator_idx).
CREATE INDEX referral_mediator_idx ON referral (assigned_mediator_id, status);
CREATE INDEX diagnostic_mediator_idx ON diagnostic (mediator_id, status);
