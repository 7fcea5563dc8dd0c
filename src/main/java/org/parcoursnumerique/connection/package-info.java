/**
 * Connection: the offers a territory's consortium negotiated with operators, the lines opened for
 * people (a SIM, a 4G box, a social tariff, help with an existing subscription), the periods paid on
 * them, and the coverage computed from those periods, which records the {@code CONNECTED} and
 * {@code CONNECTED_6_MONTHS} milestones (ADR 0033, 0034, 0035). Offers are read and written through
 * {@code shared.TerritoryScope}; lines through {@code beneficiary.PersonInScope}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Connection")
package org.parcoursnumerique.connection;
