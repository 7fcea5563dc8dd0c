/**
 * Users, login, roles, invitations and password resets; the security configuration. Public API:
 * {@link org.parcoursnumerique.account.Accounts} (used by the demo loader and the first-admin bootstrap).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Account")
package org.parcoursnumerique.account;
