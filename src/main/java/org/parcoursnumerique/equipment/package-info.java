/**
 * Equipment: the stock of devices of each territory (deliveries imported from CSV or XLSX, grades,
 * statuses with their transition log, transfers between storage places), the people waiting for a
 * device (from their pathway plan), reservations and distribution days, the handover as a gift with
 * its signed receipt and the {@code EQUIPPED} milestone, warranties and repairs, its REST API, and its
 * share of the person's page, timeline, data export and demo data. ADR 0030-0032.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Equipment")
package org.parcoursnumerique.equipment;
