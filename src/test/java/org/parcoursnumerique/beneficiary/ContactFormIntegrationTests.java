package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ContactFormIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void aMediatorUpdatesContactDetailsAndTheChangeIsAudited() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().create();
        mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                        .param("phone", "+33 6 39 98 12 34").param("email", " Elodie@Example.ORG ")
                        .param("preferredChannel", "EMAIL").param("version", "0"))
                .andExpect(redirectedUrl("/beneficiaries/" + person));
        Map<String, Object> row = jdbc.sql("SELECT phone, email, preferred_channel, version FROM beneficiary WHERE id = :id")
                .param("id", person).query().singleRow();
        assertThat(row).containsEntry("phone", "+33639981234").containsEntry("email", "elodie@example.org")
                .containsEntry("preferred_channel", "EMAIL").containsEntry("version", 1);
        // Stored in one international form, shown grouped as French people write it, also in the form.
        assertThat(mvc.perform(get("/beneficiaries/" + person).with(mediator.login())).andReturn().getResponse()
                .getContentAsString()).contains("06 39 98 12 34").doesNotContain("+33639981234");
        assertThat(mvc.perform(get("/beneficiaries/" + person + "/contact").with(mediator.login())).andReturn()
                .getResponse().getContentAsString()).contains("value=\"06 39 98 12 34\"");
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE beneficiary_id = :id AND action = 'CHANGE'")
                .param("id", person).query(String.class).list()).hasSize(1);
    }

    @Test
    void invalidInputIsExplainedInFrenchAndNothingIsWritten() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().create();
        String[][] cases = {
                {"0123", "", "SMS", "Ce numéro de téléphone n’est pas valide"},
                {"", "", "SMS", "Saisissez un numéro de téléphone pour être contacté par SMS"},
                {"", "pas-une-adresse", "POST", "Saisissez une adresse e-mail valide"},
                {"", "", "EMAIL", "Saisissez une adresse e-mail pour être contacté par e-mail"},
                {"0639981234", "", "PIGEON", "La valeur saisie n’est pas valide"},
                {"06\u0000", "", "SMS", "Ce numéro de téléphone n’est pas valide"},
                {"0".repeat(500), "", "SMS", "Ce numéro de téléphone n’est pas valide"},
        };
        for (String[] c : cases) {
            String body = mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                            .param("phone", c[0]).param("email", c[1]).param("preferredChannel", c[2]).param("version", "0"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).as("case %s", String.join("|", c)).contains("Il y a un problème").contains(c[3]);
        }
        assertThat(jdbc.sql("SELECT version FROM beneficiary WHERE id = :id").param("id", person)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void contactByPostNeedsAWholeValidPostalAddressWhichThePersonsPageShows() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().create();
        String[][] cases = {
                // channel, street, complement, postcode, city, expected message
                {"POST", "", "", "", "", "Saisissez le numéro et la rue pour que la personne reçoive un courrier."},
                {"POST", "", "", "", "", "Saisissez le code postal pour que la personne reçoive un courrier."},
                {"POST", "", "", "", "", "Saisissez la commune pour que la personne reçoive un courrier."},
                {"POST", "4 allée des Tilleuls", "", "932", "Saint-Denis", "Saisissez un code postal à 5 chiffres"},
                {"POST", "4 allée des Tilleuls", "", "9320A", "Saint-Denis", "Saisissez un code postal à 5 chiffres"},
                {"SMS", "", "", "", "Saint-Denis", "Complétez l’adresse : saisissez le numéro et la rue."},
                {"POST", "x".repeat(201), "", "93200", "Saint-Denis", "Le numéro et la rue doivent faire 200 caractères au plus."},
                {"POST", "4 allée", "y".repeat(201), "93200", "Saint-Denis", "Le complément d’adresse doit faire 200 caractères au plus."},
                {"POST", "4 allée", "", "93200", "z".repeat(101), "Le nom de la commune doit faire 100 caractères au plus."},
        };
        for (String[] c : cases) {
            String body = mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                            .param("phone", "0639981234").param("preferredChannel", c[0]).param("addressLine", c[1])
                            .param("addressComplement", c[2]).param("postcode", c[3]).param("city", c[4])
                            .param("version", "0"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).as("case %s", c[5]).contains("Il y a un problème").contains(c[5])
                    // The form is shown again as typed: the chosen channel stays ticked.
                    .containsPattern("value=\"" + c[0] + "\"\\s*checked");
        }
        assertThat(jdbc.sql("SELECT version FROM beneficiary WHERE id = :id").param("id", person)
                .query(Integer.class).single()).isZero();

        mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                        .param("phone", "").param("preferredChannel", "POST").param("addressLine", " 4 allée des Tilleuls ")
                        .param("addressComplement", "Bâtiment B").param("postcode", "93 200").param("city", "Saint-Denis")
                        .param("version", "0"))
                .andExpect(redirectedUrl("/beneficiaries/" + person));
        Map<String, Object> row = jdbc.sql("SELECT preferred_channel, address_line, address_complement, postcode, city FROM beneficiary WHERE id = :id")
                .param("id", person).query().singleRow();
        assertThat(row).containsEntry("preferred_channel", "POST").containsEntry("address_line", "4 allée des Tilleuls")
                .containsEntry("address_complement", "Bâtiment B").containsEntry("postcode", "93200")
                .containsEntry("city", "Saint-Denis");
        String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/beneficiaries/" + person).with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Adresse postale").contains("4 allée des Tilleuls<br>Bâtiment B<br>93200 Saint-Denis");
        String form = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/beneficiaries/" + person + "/contact").with(mediator.login()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(form).contains("value=\"4 allée des Tilleuls\"").contains("value=\"93200\"");
    }

    @Test
    void aStaleFormDoesNotOverwriteSomeoneElsesChange() throws Exception {
        var mediator = data.consortiumStaff(Role.MEDIATOR, "T6");
        long person = data.beneficiary().create();
        jdbc.sql("UPDATE beneficiary SET phone = '0639980000', version = 3 WHERE id = :id").param("id", person).update();
        String body = mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(mediator.login())
                        .param("phone", "0639981111").param("preferredChannel", "SMS").param("version", "2"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("Quelqu’un a modifié ces coordonnées");
        assertThat(jdbc.sql("SELECT phone FROM beneficiary WHERE id = :id").param("id", person)
                .query(String.class).single()).isEqualTo("0639980000");
    }

    @Test
    void theDepartementAndLogisticsReadButDoNotEditContactDetails() throws Exception {
        long person = data.beneficiary().create();
        for (var user : new TestData.TestUser[] {data.programmeManager(), data.consortiumStaff(Role.LOGISTICS_MANAGER, "T6")}) {
            mvc.perform(post("/beneficiaries/" + person + "/contact").with(csrf()).with(user.login())
                            .param("phone", "0639981111").param("preferredChannel", "SMS").param("version", "0"))
                    .andExpect(status().isNotFound());
        }
    }
}
