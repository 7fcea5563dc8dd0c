-- Spring Modulith's event publication registry (schema v2 of spring-modulith-events-jdbc 2.0, taken
-- from org/springframework/modulith/events/jdbc/schemas/v2/schema-postgresql.sql). One row per event
-- and listener, written in the publishing transaction and completed when the listener succeeded after
-- commit; Flyway owns it (spring.modulith.events.jdbc.schema-initialization.enabled=false). Completion
-- mode UPDATE: no archive table; completed rows are deleted after a while (shared.HandOffs). ADR 0021.
CREATE TABLE event_publication
(
  id                     UUID NOT NULL,
  listener_id            TEXT NOT NULL,
  event_type             TEXT NOT NULL,
  serialized_event       TEXT NOT NULL,
  publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date        TIMESTAMP WITH TIME ZONE,
  status                 TEXT,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash(serialized_event);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
