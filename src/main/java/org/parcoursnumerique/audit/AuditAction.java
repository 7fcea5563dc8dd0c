package org.parcoursnumerique.audit;

/** What happened; stored by name. */
public enum AuditAction {
    /** A list or search of people was shown (names, birth dates, communes). */
    LIST,
    /** A person's record was opened. */
    READ,
    /** A person's record was changed. */
    CHANGE,
    /** A person's record was created. */
    CREATE,
    /** Everything held about a person was downloaded (right of access: PDF or JSON). */
    EXPORT,
    /** A run of the retention job (details: how many people were anonymised, never which). */
    ANONYMISATION,
    /** Someone asked for a record out of their scope (answered 404). */
    READ_DENIED,
    LOGIN,
    LOGIN_FAILED,
    ACCOUNT_INVITED,
    ACCOUNT_ACTIVATED,
    ACCOUNT_DEACTIVATED,
    ACCOUNT_REACTIVATED,
    PASSWORD_RESET,
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    /** An administrator changed an organisation (details: each field, old → new). */
    ORGANISATION_CHANGED,
    /** The département changed the programme's dates, targets or budget (details: old → new). */
    PROGRAMME_CHANGED
}
