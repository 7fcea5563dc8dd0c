-- At most one scheduled diagnostic appointment per person, whatever two mediators do at the same
-- moment (the application checks it too, under a lock on the person; H2 has no partial index).
CREATE UNIQUE INDEX appointment_one_scheduled_idx ON appointment (beneficiary_id)
    WHERE status = 'SCHEDULED' AND purpose = 'DIAGNOSTIC';
