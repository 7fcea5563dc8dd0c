/**
 * Organisations: the département, each EPT, consortia with their member structures, and
 * prescriber organisations with their kind and the territories they serve. Public API:
 * {@link org.parcoursnumerique.organisation.Organisations}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Organisation")
package org.parcoursnumerique.organisation;
