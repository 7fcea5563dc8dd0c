/**
 * Programmes (funded calls), territories, communes, ASE districts and targets. Public API:
 * {@link org.parcoursnumerique.programme.TerritoryRules} decides a person's territory,
 * {@link org.parcoursnumerique.programme.Programmes} reads programmes and targets.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Programme")
package org.parcoursnumerique.programme;
