package org.parcoursnumerique.training;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.parcoursnumerique.diagnostic.TrainingLevel;
import org.parcoursnumerique.diagnostic.TrainingTheme;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.Contacts;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consortium's own trainings, where the local offer is lacking: a name, a level, themes, the
 * partner organisation that trains, a place in the département, and sessions with dates and a
 * capacity. Written by the coordination of the territory (or the programme team), read in the
 * territory ({@link TerritoryScope}).
 */
@Service
class DedicatedTrainings {

    record Form(String name, String summary, String level, List<String> themes, Long trainerOrganisationId,
                String address, String commune, String phone, String email, Boolean paying, Boolean accessible,
                String startsOn, String endsOn, String schedule, String capacity) {
    }

    record SessionForm(String startsOn, String endsOn, String schedule, String place, String capacity) {
    }

    private final JdbcClient jdbc;
    private final Organisations organisations;
    private final CommuneCentres centres;
    private final Clock clock;

    DedicatedTrainings(JdbcClient jdbc, Organisations organisations, CommuneCentres centres, Clock clock) {
        this.jdbc = jdbc;
        this.organisations = organisations;
        this.centres = centres;
        this.clock = clock;
    }

    /** The programme team and the coordination of a territory (not logistics: equipment is theirs). */
    static boolean canWrite(CurrentUser user) {
        return user.has(org.parcoursnumerique.shared.Role.PROGRAMME_MANAGER, org.parcoursnumerique.shared.Role.COORDINATOR)
                && !TerritoryScope.toWrite(user).isNone();
    }

    List<Organisations.Organisation> trainers() {
        return organisations.all().stream().filter(o -> o.kind() == OrganisationKind.TRAINING_BODY && o.active()).toList();
    }

    /** The problems of the form, field → message key; empty when it can be saved. */
    Map<String, String> problems(CurrentUser user, Form f) {
        Map<String, String> p = new LinkedHashMap<>();
        if (blank(f.name()) || f.name().strip().length() > 150 || !Names.isCleanText(f.name(), false)) {
            p.put("name", "training.dedicated.name.invalid");
        }
        if (f.summary() != null && (f.summary().length() > 600 || !Names.isCleanText(f.summary(), true))) {
            p.put("summary", "training.dedicated.summary.invalid");
        }
        if (level(f.level()) == null) {
            p.put("level", "training.dedicated.level.invalid");
        }
        if (f.themes() == null || f.themes().isEmpty() || f.themes().stream().anyMatch(t -> theme(t) == null)) {
            p.put("themes", "training.dedicated.themes.invalid");
        }
        if (f.trainerOrganisationId() == null || trainers().stream().noneMatch(o -> o.id() == f.trainerOrganisationId())) {
            p.put("trainerOrganisationId", "training.dedicated.trainer.invalid");
        }
        if (blank(f.address()) || f.address().strip().length() > 200 || !Names.isCleanText(f.address(), false)) {
            p.put("address", "training.dedicated.address.invalid");
        }
        var centre = centres.of(f.commune());
        if (centre.isEmpty()) {
            p.put("commune", "training.dedicated.commune.invalid");
        } else if (!TerritoryScope.toWrite(user).includes(centre.get().territoryId())) {
            p.put("commune", "training.dedicated.commune.outOfTerritory");
        }
        if (!blank(f.phone()) && !Contacts.isValidPhone(Contacts.normalisePhone(f.phone()))) {
            p.put("phone", "training.dedicated.phone.invalid");
        }
        if (!blank(f.email()) && !Contacts.isValidEmail(Contacts.normaliseEmail(f.email()))) {
            p.put("email", "training.dedicated.email.invalid");
        }
        p.putAll(sessionProblems(new SessionForm(f.startsOn(), f.endsOn(), f.schedule(), "-", f.capacity())));
        return p;
    }

    Map<String, String> sessionProblems(SessionForm s) {
        Map<String, String> p = new LinkedHashMap<>();
        LocalDate start = date(s.startsOn());
        LocalDate end = date(s.endsOn());
        LocalDate today = LocalDate.now(clock.withZone(PageContext.ZONE));
        if (start == null || start.isBefore(today) || start.isAfter(today.plusYears(2))) {
            p.put("startsOn", "training.session.startsOn.invalid");
        }
        if (end == null || (start != null && end.isBefore(start)) || (start != null && end.isAfter(start.plusYears(1)))) {
            p.put("endsOn", "training.session.endsOn.invalid");
        }
        if (blank(s.schedule()) || s.schedule().strip().length() > 200 || !Names.isCleanText(s.schedule(), false)) {
            p.put("schedule", "training.session.schedule.invalid");
        }
        if (blank(s.place()) || s.place().strip().length() > 300 || !Names.isCleanText(s.place(), false)) {
            p.put("place", "training.session.place.invalid");
        }
        Integer capacity = number(s.capacity());
        if (capacity == null || capacity < 1 || capacity > 200) {
            p.put("capacity", "training.session.capacity.invalid");
        }
        return p;
    }

    /** Creates the training and its first session; the caller checked {@link #problems}. */
    @Transactional
    public long create(CurrentUser user, Form f) {
        var centre = centres.of(f.commune()).orElseThrow(NotFoundException::new);
        TerritoryScope.toWrite(user).check(centre.territoryId());
        OffsetDateTime now = OffsetDateTime.now(clock);
        String name = f.name().strip();
        String address = f.address().strip();
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO training_offer (source, source_id, format, name, name_key, address, postcode, insee_code,
                    commune, latitude, longitude, territory_id, phone, email, summary, free_of_charge, on_site, remote,
                    accessible, level, trainer_organisation_id, content_hash, created_at, updated_at)
                VALUES ('consortium', :sourceId, 'dedicated', :name, :key, :address, :postcode, :insee, :commune, :lat,
                    :lon, :territory, :phone, :email, :summary, :free, TRUE, FALSE, :accessible, :level, :trainer, '-',
                    :now, :now)""")
                .param("sourceId", UUID.randomUUID().toString()).param("name", name).param("key", Names.normalise(name))
                .param("address", address).param("postcode", postcode(centre.inseeCode()))
                .param("insee", centre.inseeCode()).param("commune", centre.name()).param("lat", centre.latitude())
                .param("lon", centre.longitude()).param("territory", centre.territoryId())
                .param("phone", blank(f.phone()) ? null : Contacts.normalisePhone(f.phone()))
                .param("email", blank(f.email()) ? null : Contacts.normaliseEmail(f.email()))
                .param("summary", blank(f.summary()) ? null : f.summary().strip())
                .param("free", !Boolean.TRUE.equals(f.paying())).param("accessible", Boolean.TRUE.equals(f.accessible()))
                .param("level", level(f.level()).name()).param("trainer", f.trainerOrganisationId()).param("now", now));
        for (String t : f.themes().stream().distinct().toList()) {
            jdbc.sql("INSERT INTO training_offer_service (offer_id, vocabulary, term) VALUES (:id, 'theme', :t)")
                    .param("id", id).param("t", theme(t).name()).update();
        }
        addSession(user, id, new SessionForm(f.startsOn(), f.endsOn(), f.schedule(),
                address + ", " + centre.name(), f.capacity()));
        return id;
    }

    /** Adds a session to a dedicated training of the user's territory; the caller checked {@link #sessionProblems}. */
    @Transactional
    public long addSession(CurrentUser user, long offerId, SessionForm s) {
        Long territory = jdbc.sql("SELECT territory_id FROM training_offer WHERE id = :id AND format = 'dedicated'")
                .param("id", offerId).query(Long.class).optional().orElseThrow(NotFoundException::new);
        TerritoryScope.toWrite(user).check(territory);
        return Keys.insert(jdbc.sql("""
                INSERT INTO training_session (offer_id, territory_id, starts_on, ends_on, schedule, place, capacity,
                    created_by, created_at)
                VALUES (:offer, :territory, :start, :end, :schedule, :place, :capacity, :by, :now)""")
                .param("offer", offerId).param("territory", territory).param("start", date(s.startsOn()))
                .param("end", date(s.endsOn())).param("schedule", s.schedule().strip()).param("place", s.place().strip())
                .param("capacity", number(s.capacity())).param("by", user.id()).param("now", OffsetDateTime.now(clock)));
    }

    /** The postcode of a commune of the département is not in the reference data: 93 and the commune's code. */
    static String postcode(String insee) {
        return POSTCODES.getOrDefault(insee, "93000");
    }

    private static final Map<String, String> POSTCODES = Map.ofEntries(
            Map.entry("93001", "93300"), Map.entry("93027", "93120"), Map.entry("93031", "93800"),
            Map.entry("93039", "93450"), Map.entry("93059", "93380"), Map.entry("93066", "93200"),
            Map.entry("93070", "93400"), Map.entry("93072", "93240"), Map.entry("93079", "93430"),
            Map.entry("93005", "93600"), Map.entry("93007", "93150"), Map.entry("93013", "93350"),
            Map.entry("93029", "93700"), Map.entry("93030", "93440"), Map.entry("93071", "93270"),
            Map.entry("93073", "93290"), Map.entry("93078", "93420"), Map.entry("93006", "93170"),
            Map.entry("93008", "93000"), Map.entry("93010", "93140"), Map.entry("93045", "93260"),
            Map.entry("93048", "93100"), Map.entry("93053", "93130"), Map.entry("93055", "93500"),
            Map.entry("93061", "93310"), Map.entry("93063", "93230"), Map.entry("93014", "93390"),
            Map.entry("93015", "93470"), Map.entry("93032", "93220"), Map.entry("93033", "93460"),
            Map.entry("93046", "93190"), Map.entry("93047", "93370"), Map.entry("93049", "93360"),
            Map.entry("93050", "93330"), Map.entry("93051", "93160"), Map.entry("93057", "93320"),
            Map.entry("93062", "93340"), Map.entry("93064", "93110"), Map.entry("93074", "93410"),
            Map.entry("93077", "93250"));

    static TrainingLevel level(String raw) {
        for (TrainingLevel l : TrainingLevel.values()) {
            if (l != TrainingLevel.NONE && l.name().equals(raw)) {
                return l;
            }
        }
        return null;
    }

    static TrainingTheme theme(String raw) {
        for (TrainingTheme t : TrainingTheme.values()) {
            if (t.name().equals(raw)) {
                return t;
            }
        }
        return null;
    }

    static LocalDate date(String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static Integer number(String raw) {
        if (raw == null || !raw.strip().matches("\\d{1,4}")) {
            return null;
        }
        return Integer.parseInt(raw.strip());
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
