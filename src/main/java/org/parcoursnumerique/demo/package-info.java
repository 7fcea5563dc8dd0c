/**
 * Fictitious but plausible demo data, deterministic by seed, with a scale factor. Loaded only in
 * demo mode (the embedded default, or {@code PARCOURS_DEMO=true}); demo accounts use the reserved
 * domain {@code demo.parcours.test} and cannot log in outside demo mode.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package org.parcoursnumerique.demo;
