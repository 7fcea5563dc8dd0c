-- The embedded demo database has no partial indexes nor PL/pgSQL triggers: there the service alone
-- keeps one draft per person (it locks the person's row) and refuses changes to published referentials.
CREATE INDEX diagnostic_status_idx ON diagnostic (status);
