/**
 * The few types every module needs: the current user and their data scope, page context for
 * templates, typed errors, name normalisation. Kept small on purpose.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.parcoursnumerique.shared;
