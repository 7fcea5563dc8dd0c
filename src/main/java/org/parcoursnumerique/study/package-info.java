/**
 * The pseudonymised dataset for the département's evaluation study (ADR 0042): campaigns and their
 * keys, the exports produced on demand and every month, their files, the data dictionary, and the
 * routes through which the département's programme manager and software take them. It reads the
 * published views of the people and their consents, and the events every module streams through
 * {@link org.parcoursnumerique.shared.StudyEventSource}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Study")
package org.parcoursnumerique.study;
