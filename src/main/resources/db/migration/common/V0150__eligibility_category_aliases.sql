-- The words prescribers use for each public in their own files (CSV imports): abbreviations and
-- common spellings. Stored normalised (lower case, no accents, words separated by one space), as
-- EligibilityCategories compares them. "shown" marks the abbreviations listed on the import page
-- and in the template; the others are accepted silently. Codes and the form's labels are accepted
-- without being listed here.
CREATE TABLE eligibility_category_alias (
    alias         VARCHAR(80) PRIMARY KEY,
    category_code VARCHAR(40) NOT NULL REFERENCES eligibility_category (code),
    shown         BOOLEAN     NOT NULL DEFAULT FALSE
);
INSERT INTO eligibility_category_alias (alias, category_code, shown) VALUES
    ('rsa', 'RSA', TRUE),
    ('brsa', 'RSA', FALSE),
    ('allocataire rsa', 'RSA', FALSE),
    ('beneficiaire du rsa', 'RSA', FALSE),
    ('beneficiaire rsa', 'RSA', FALSE),
    ('deld', 'LONG_TERM_JOBSEEKER', TRUE),
    ('dld', 'LONG_TERM_JOBSEEKER', FALSE),
    ('de ld', 'LONG_TERM_JOBSEEKER', FALSE),
    ('demandeur d emploi longue duree', 'LONG_TERM_JOBSEEKER', FALSE),
    ('demandeuse d emploi de longue duree', 'LONG_TERM_JOBSEEKER', FALSE),
    ('ml', 'YOUNG_MISSION_LOCALE', TRUE),
    ('mission locale', 'YOUNG_MISSION_LOCALE', TRUE),
    ('jeune ml', 'YOUNG_MISSION_LOCALE', FALSE),
    ('jeune mission locale', 'YOUNG_MISSION_LOCALE', FALSE),
    ('ase', 'YOUNG_ADULT_ASE', TRUE),
    ('jeune majeur', 'YOUNG_ADULT_ASE', FALSE),
    ('contrat jeune majeur', 'YOUNG_ADULT_ASE', FALSE),
    ('cjm', 'YOUNG_ADULT_ASE', FALSE),
    ('jeune ase', 'YOUNG_ADULT_ASE', FALSE),
    ('aide sociale a l enfance', 'YOUNG_ADULT_ASE', FALSE),
    ('siae', 'SIAE_EMPLOYEE', TRUE),
    ('iae', 'SIAE_EMPLOYEE', FALSE),
    ('salarie siae', 'SIAE_EMPLOYEE', FALSE),
    ('salarie iae', 'SIAE_EMPLOYEE', FALSE),
    ('salarie en insertion', 'SIAE_EMPLOYEE', FALSE),
    ('salariee en insertion', 'SIAE_EMPLOYEE', FALSE);
