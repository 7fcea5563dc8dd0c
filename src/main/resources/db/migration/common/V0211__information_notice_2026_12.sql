-- A new version of the information notice: the right of access (a PDF and a file), rectification
-- with its history and the anonymisation two years after the last contact now exist, and the
-- notice says what the platform does, without promising more. A published version never changes.
INSERT INTO information_notice (version, published_on) VALUES ('2026-12', DATE '2026-12-01');
