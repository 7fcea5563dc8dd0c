/**
 * The append-only access and change log. Public API: {@link org.parcoursnumerique.audit.AuditLog}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package org.parcoursnumerique.audit;
