/** The home page of each role, with live figures from the database within the user's scope. */
@org.springframework.modulith.ApplicationModule(displayName = "Home")
package org.parcoursnumerique.home;
