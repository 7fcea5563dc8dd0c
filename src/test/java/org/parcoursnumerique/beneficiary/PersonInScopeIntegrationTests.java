package org.parcoursnumerique.beneficiary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@IntegrationTest
class PersonInScopeIntegrationTests {

    @Autowired PersonInScope persons;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    CurrentUser as(TestData.TestUser u) {
        Long territory = jdbc.sql("SELECT territory_id FROM organisation WHERE id = :id").param("id", u.organisationId())
                .query(Long.class).optional().orElse(null);
        return new CurrentUser(u.id(), u.email(), "Test", u.organisationId(), "Org", u.role(), territory);
    }

    long audits(long person, String action, long user) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE beneficiary_id = :p AND action = :a AND user_id = :u")
                .param("p", person).param("a", action).param("u", user).query(Long.class).single();
    }

    @Test
    void aReadInScopeReturnsThePersonsCoreAndIsAudited() {
        long referrer = data.prescriber("PIE", "T6");
        long person = data.beneficiary().named("Nadir", "Sofiane").referredBy(referrer).withStatus("ACCEPTED").create();
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");

        var p = persons.read(as(coordinator), person, "test read");

        assertThat(p.id()).isEqualTo(person);
        assertThat(p.lastName()).isEqualTo("Nadir");
        assertThat(p.firstName()).isEqualTo("Sofiane");
        assertThat(p.territoryId()).isEqualTo(data.territory("T6"));
        assertThat(p.referringOrganisationId()).isEqualTo(referrer);
        assertThat(p.stage()).isEqualTo(BeneficiaryStatus.ACCEPTED);
        assertThat(audits(person, "READ", coordinator.id())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE beneficiary_id = :p AND action = 'READ'")
                .param("p", person).query(String.class).single()).isEqualTo("test read");

        // A change reaches the person without a READ row: the change writes its own.
        persons.reach(as(coordinator), person);
        tx.executeWithoutResult(s -> persons.lock(as(coordinator), person));
        assertThat(audits(person, "READ", coordinator.id())).isEqualTo(1);
    }

    @Test
    void outOfScopeIsNotFoundAndTheRefusalIsAuditedWithThePerson() {
        long person = data.beneficiary().create();
        var elsewhere = data.consortiumStaff(Role.MEDIATOR, "T8");
        var otherPrescriber = data.prescriberUser("T6");

        for (var user : new TestData.TestUser[] {elsewhere, otherPrescriber}) {
            assertThatThrownBy(() -> persons.read(as(user), person, null)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> persons.reach(as(user), person)).isInstanceOf(NotFoundException.class);
            assertThat(audits(person, "READ_DENIED", user.id())).isEqualTo(2);
            assertThat(audits(person, "READ", user.id())).isZero();
        }
        // A person that does not exist is answered the same way.
        assertThatThrownBy(() -> persons.read(as(elsewhere), Long.MAX_VALUE, null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aPageWithItsOwnQueryGetsTheSameScopeAndAudit() {
        long person = data.beneficiary().create();
        var coordinator = data.consortiumStaff(Role.COORDINATOR, "T6");
        var outsider = data.consortiumStaff(Role.COORDINATOR, "T7");
        PersonInScope.ScopedLookup<String> commune = (scope, id) -> {
            var params = new java.util.HashMap<String, Object>(scope.parameters());
            params.put("id", id);
            return jdbc.sql("SELECT b.commune_insee FROM beneficiary b WHERE b.id = :id AND " + scope.predicate("b"))
                    .params(params).query(String.class).optional();
        };
        assertThat(persons.read(as(coordinator), person, "commune", commune)).isEqualTo("93066");
        assertThatThrownBy(() -> persons.read(as(outsider), person, "commune", commune))
                .isInstanceOf(NotFoundException.class);
        assertThat(audits(person, "READ_DENIED", outsider.id())).isEqualTo(1);
        assertThat(Optional.of(audits(person, "READ", coordinator.id()))).contains(1L);
    }
}
