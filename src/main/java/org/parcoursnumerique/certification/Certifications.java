package org.parcoursnumerique.certification;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.pathway.Milestone;
import org.parcoursnumerique.pathway.Milestones;
import org.parcoursnumerique.pathway.ReachedMilestone;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.DataScope;
import org.parcoursnumerique.shared.Keys;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TransitionLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's certifications: registration with a certification centre (a partner organisation),
 * funding and cost, the result and the certificate. Mediators and coordinators of the person's
 * territory record them; the programme team reads them. {@code CERTIFIED} follows the passed results:
 * reached on the earliest passed result's date, moved or withdrawn when a result is corrected.
 */
@Service
class Certifications {

    /** Largest certificate accepted (the multipart limit is the same). */
    static final int CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024;
    static final int NOTE_MAX = 500;
    /** Highest cost accepted for one registration, in cents (10 000 €). */
    static final long COST_MAX_CENTS = 1_000_000;

    enum Funding { PASS_NUMERIQUE, CPF, PROGRAMME_BUDGET, OTHER }

    record Registration(long id, long beneficiaryId, long territoryId, String kindCode, Long centreId,
                        LocalDate sessionDate, String funding, long costCents, CertificationStatus status,
                        LocalDate resultOn, Integer score, Integer level, String verificationCode,
                        String externalNumber, String note, String certificateName, Integer certificateSize,
                        OffsetDateTime createdAt, int version) {
    }

    record CompetenceResult(String competenceCode, Integer level, Boolean acquired) {
    }

    /** What the registration form sent, as typed. */
    record RegistrationRequest(String kind, String centre, String sessionDate, String funding, String cost)
            implements java.io.Serializable {
    }

    /** What the result form sent, as typed; {@code competences} by competence code. */
    record ResultRequest(String outcome, String score, String resultOn, String verificationCode, String note,
                         Map<String, String> competences) implements java.io.Serializable {
    }

    private static final String COLUMNS = """
            r.id, r.beneficiary_id, r.territory_id, r.kind_code, r.centre_id, r.session_date, r.funding, r.cost_cents,
            r.status, r.result_on, r.score, r.level, r.verification_code, r.external_number, r.note, r.certificate_name,
            r.certificate_size, r.created_at, r.version""";

    private final JdbcClient jdbc;
    private final CertificationKinds kinds;
    private final PersonInScope people;
    private final Milestones milestones;
    private final Organisations organisations;
    private final AuditLog audit;
    private final Clock clock;
    private final TransitionLog transitions;

    Certifications(JdbcClient jdbc, CertificationKinds kinds, PersonInScope people, Milestones milestones,
                   Organisations organisations, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.kinds = kinds;
        this.people = people;
        this.milestones = milestones;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
        this.transitions = new TransitionLog(jdbc, "certification_transition", "registration_id");
    }

    static boolean mayRecord(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR);
    }

    static boolean mayRead(CurrentUser user) {
        return user.has(Role.MEDIATOR, Role.COORDINATOR, Role.PROGRAMME_MANAGER);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    // ---------------------------------------------------------------- reads

    /** The person's registrations, newest session first. The caller found the person in scope. */
    List<Registration> of(long beneficiaryId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM certification_registration r WHERE r.beneficiary_id = :id "
                        + "ORDER BY r.session_date DESC, r.id DESC")
                .param("id", beneficiaryId).query(Registration.class).list();
    }

    /** A registration in the user's scope, else 404. */
    Registration find(CurrentUser user, long id) {
        if (!mayRead(user)) {
            throw new NotFoundException();
        }
        return find(user.dataScope(), id).orElseThrow(NotFoundException::new);
    }

    Optional<Registration> find(DataScope scope, long id) {
        Map<String, Object> params = new HashMap<>(scope.parameters());
        params.put("id", id);
        return jdbc.sql("SELECT " + COLUMNS + " FROM certification_registration r WHERE r.id = :id AND "
                        + scope.predicate("r"))
                .params(params).query(Registration.class).optional();
    }

    List<CompetenceResult> competenceResults(long registrationId) {
        return jdbc.sql("""
                SELECT competence_code, level, acquired FROM certification_competence_result
                WHERE registration_id = :id ORDER BY competence_code""")
                .param("id", registrationId).query(CompetenceResult.class).list();
    }

    /** The certification centres a registration of a person of this territory may name. */
    List<Organisations.Organisation> centres(long territoryId) {
        return organisations.all().stream()
                .filter(o -> o.kind() == OrganisationKind.CERTIFICATION_CENTRE && o.active()
                        && (o.territoryId() == null || o.territoryId() == territoryId))
                .toList();
    }

    // ---------------------------------------------------------------- registration

    /** Checks a registration request; the message keys of the problems, by field. */
    Map<String, String> check(long territoryId, RegistrationRequest r) {
        Map<String, String> errors = new LinkedHashMap<>();
        var kind = kinds.find(r.kind() == null ? "" : r.kind()).filter(CertificationKinds.Kind::active);
        if (kind.isEmpty()) {
            errors.put("kind", "certification.kind.required");
        }
        Long centre = parseLong(r.centre());
        if (centre == null || centres(territoryId).stream().noneMatch(o -> o.id() == centre)) {
            errors.put("centre", "certification.centre.required");
        }
        LocalDate date = parseDate(r.sessionDate());
        if (date == null) {
            errors.put("sessionDate", "certification.sessionDate.invalid");
        } else if (date.isBefore(today().minusYears(2)) || date.isAfter(today().plusYears(1))) {
            errors.put("sessionDate", "certification.sessionDate.range");
        }
        if (parseFunding(r.funding()) == null) {
            errors.put("funding", "certification.funding.required");
        }
        Long cost = parseCents(r.cost());
        if (cost == null || cost < 0 || cost > COST_MAX_CENTS) {
            errors.put("cost", "certification.cost.invalid");
        }
        return errors;
    }

    /** Registers the person; the request was checked. Returns the registration's id. */
    @Transactional
    long register(CurrentUser user, long beneficiaryId, RegistrationRequest r) {
        if (!mayRecord(user)) {
            throw new NotFoundException();
        }
        var person = people.lock(user, beneficiaryId);
        if (!check(person.territoryId(), r).isEmpty()) {
            throw new ConflictException("certification.invalid");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = Keys.insert(jdbc.sql("""
                INSERT INTO certification_registration (beneficiary_id, programme_id, territory_id, referring_organisation_id,
                    kind_code, centre_id, session_date, funding, cost_cents, status, created_at, created_by)
                VALUES (:person, :programme, :territory, :referrer, :kind, :centre, :date, :funding, :cost, 'REGISTERED',
                    :now, :by)""")
                .param("person", beneficiaryId).param("programme", person.programmeId())
                .param("territory", person.territoryId()).param("referrer", person.referringOrganisationId())
                .param("kind", r.kind()).param("centre", parseLong(r.centre())).param("date", parseDate(r.sessionDate()))
                .param("funding", parseFunding(r.funding()).name()).param("cost", parseCents(r.cost()))
                .param("now", now).param("by", user.id()));
        transitions.append(id, new CertificationStatus.Transition(null, CertificationStatus.REGISTERED, now, user.id(), null));
        audit.record(user, beneficiaryId, AuditAction.CHANGE, "certification registration " + id + " (" + r.kind() + ")");
        return id;
    }

    /** Cancels a registration without result. */
    @Transactional
    void cancel(CurrentUser user, long registrationId, int version) {
        Registration reg = lockForChange(user, registrationId);
        var pending = CertificationStatus.TABLE.pending(CertificationStatus.Transition::new);
        pending.move(reg.status(), CertificationStatus.CANCELLED, user.id(), OffsetDateTime.now(clock), null);
        update(reg, version, "status = 'CANCELLED'", Map.of());
        pending.list().forEach(t -> transitions.append(reg.id(), t));
        audit.record(user, reg.beneficiaryId(), AuditAction.CHANGE, "certification registration " + reg.id() + " cancelled");
    }

    // ---------------------------------------------------------------- result

    /** A checked result, ready to write. */
    record Result(CertificationStatus status, LocalDate resultOn, Integer score, Integer level, String code,
                  String note, List<CompetenceResult> competences) {
    }

    /**
     * Checks a result for a registration of {@code kind} held on {@code sessionDate}: the outcome (or
     * the score, which decides it for a kind with a score), the date (not before the session, not in
     * the future), the verification code against the kind's pattern, each competence. Errors by field.
     */
    Map<String, String> check(CertificationKinds.Kind kind, LocalDate sessionDate, ResultRequest r, List<CompetenceResult> out,
                              Result[] result) {
        Map<String, String> errors = new LinkedHashMap<>();
        Integer score = null;
        Integer level = null;
        CertificationStatus status = null;
        if (kind.resultType() == CertificationKinds.ResultType.SCORE) {
            score = parseInt(r.score());
            if (score == null || score < 0 || (kind.scoreMax() != null && score > kind.scoreMax())) {
                errors.put("score", "certification.score.invalid");
            } else {
                level = kind.level(score);
                status = kind.passes(score) ? CertificationStatus.PASSED : CertificationStatus.FAILED;
            }
        } else {
            status = "PASSED".equals(r.outcome()) ? CertificationStatus.PASSED
                    : "FAILED".equals(r.outcome()) ? CertificationStatus.FAILED : null;
            if (status == null) {
                errors.put("outcome", "certification.outcome.required");
            }
        }
        LocalDate on = parseDate(r.resultOn());
        if (on == null) {
            errors.put("resultOn", "certification.resultOn.invalid");
        } else if (on.isAfter(today())) {
            errors.put("resultOn", "certification.resultOn.future");
        } else if (on.isBefore(sessionDate)) {
            errors.put("resultOn", "certification.resultOn.beforeSession");
        }
        String code = r.verificationCode() == null ? null : r.verificationCode().strip().toUpperCase();
        if (code != null && code.isEmpty()) {
            code = null;
        }
        if (code != null && (code.length() > 40 || !kind.validCode(code))) {
            errors.put("verificationCode", "certification.code.invalid");
        }
        String note = clean(r.note());
        if (note != null && (note.length() > NOTE_MAX || !Names.isCleanText(note, true))) {
            errors.put("note", "certification.note.invalid");
        }
        Map<String, String> typed = r.competences() == null ? Map.of() : r.competences();
        for (var c : kind.competences()) {
            String v = typed.get(c.code());
            v = v == null ? "" : v.strip();
            if (kind.resultType() == CertificationKinds.ResultType.SCORE) {
                if (v.isEmpty() || "-".equals(v)) {
                    continue;
                }
                Integer l = parseInt(v);
                if (l == null || l < 0 || l > kind.maxLevel()) {
                    errors.putIfAbsent("competences", "certification.competence.level.invalid");
                } else {
                    out.add(new CompetenceResult(c.code(), l, null));
                }
            } else if (kind.resultType() == CertificationKinds.ResultType.COMPETENCES) {
                if ("YES".equals(v) || "NO".equals(v)) {
                    out.add(new CompetenceResult(c.code(), null, "YES".equals(v)));
                } else {
                    errors.putIfAbsent("competences", "certification.competence.acquired.required");
                }
            }
        }
        if (errors.isEmpty()) {
            result[0] = new Result(status, on, score, level, code, note, List.copyOf(out));
        }
        return errors;
    }

    /** The errors of a result request for this registration (empty when it may be recorded). */
    Map<String, String> check(Registration reg, ResultRequest r) {
        var kind = kinds.find(reg.kindCode()).orElseThrow();
        return check(kind, reg.sessionDate(), r, new ArrayList<>(), new Result[1]);
    }

    /** Records or corrects the result; the request was checked. */
    @Transactional
    void recordResult(CurrentUser user, long registrationId, int version, ResultRequest r) {
        Registration reg = lockForChange(user, registrationId);
        var kind = kinds.find(reg.kindCode()).orElseThrow();
        Result[] result = new Result[1];
        if (!check(kind, reg.sessionDate(), r, new ArrayList<>(), result).isEmpty()) {
            throw new ConflictException("certification.invalid");
        }
        write(reg, version, result[0], user.id(), null);
        audit.record(user, reg.beneficiaryId(), AuditAction.CHANGE, "certification result " + reg.id() + " ("
                + result[0].status() + ")");
    }

    /**
     * Writes a checked result on a registration whose person is locked, its transition, its
     * competences, and the person's {@code CERTIFIED} milestone.
     */
    void write(Registration reg, int version, Result result, Long byUserId, String externalNumber) {
        var pending = CertificationStatus.TABLE.pending(CertificationStatus.Transition::new);
        pending.move(reg.status(), result.status(), byUserId, OffsetDateTime.now(clock),
                reg.status() == CertificationStatus.REGISTERED ? null : "correction");
        Map<String, Object> values = new HashMap<>();
        values.put("status", result.status().name());
        values.put("resultOn", result.resultOn());
        values.put("score", result.score());
        values.put("level", result.level());
        values.put("code", result.code());
        values.put("note", result.note());
        values.put("external", externalNumber == null ? reg.externalNumber() : externalNumber);
        update(reg, version, """
                status = :status, result_on = :resultOn, score = :score, level = :level, verification_code = :code,
                note = :note, external_number = :external""", values);
        pending.list().forEach(t -> transitions.append(reg.id(), t));
        jdbc.sql("DELETE FROM certification_competence_result WHERE registration_id = :id").param("id", reg.id()).update();
        for (CompetenceResult c : result.competences()) {
            jdbc.sql("""
                    INSERT INTO certification_competence_result (registration_id, competence_code, level, acquired)
                    VALUES (:id, :code, :level, :acquired)""")
                    .param("id", reg.id()).param("code", c.competenceCode()).param("level", c.level())
                    .param("acquired", c.acquired()).update();
        }
        syncMilestone(reg.beneficiaryId(), byUserId);
    }

    /**
     * {@code CERTIFIED} on the date of the person's earliest passed result; moved when a correction
     * changes that date, withdrawn when no passed result remains.
     */
    void syncMilestone(long beneficiaryId, Long byUserId) {
        Optional<Map.Entry<Long, LocalDate>> earliest = jdbc.sql("""
                SELECT id, result_on FROM certification_registration
                WHERE beneficiary_id = :id AND status = 'PASSED' ORDER BY result_on, id LIMIT 1""")
                .param("id", beneficiaryId)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getObject(2, LocalDate.class))).optional();
        Optional<ReachedMilestone> current = milestones.of(beneficiaryId).stream()
                .filter(m -> m.code() == Milestone.CERTIFIED).findFirst();
        if (earliest.isEmpty()) {
            current.ifPresent(m -> milestones.withdraw(beneficiaryId, Milestone.CERTIFIED, byUserId,
                    "certification result corrected"));
        } else if (current.isEmpty()) {
            milestones.reach(beneficiaryId, Milestone.CERTIFIED, earliest.get().getValue(), byUserId,
                    "certification:" + earliest.get().getKey());
        } else if (!current.get().reachedOn().equals(earliest.get().getValue())) {
            milestones.move(beneficiaryId, Milestone.CERTIFIED, earliest.get().getValue(), byUserId,
                    "certification result corrected");
        }
    }

    // ---------------------------------------------------------------- certificate

    /** Whether the bytes are a PDF of an accepted size; the message key of the problem, or null. */
    static String checkCertificate(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return "certification.certificate.empty";
        }
        if (bytes.length > CERTIFICATE_MAX_BYTES) {
            return "certification.certificate.tooLarge";
        }
        if (bytes.length < 5 || bytes[0] != '%' || bytes[1] != 'P' || bytes[2] != 'D' || bytes[3] != 'F' || bytes[4] != '-') {
            return "certification.certificate.notPdf";
        }
        return null;
    }

    @Transactional
    void attachCertificate(CurrentUser user, long registrationId, int version, String fileName, byte[] bytes) {
        Registration reg = lockForChange(user, registrationId);
        String problem = checkCertificate(bytes);
        if (problem != null) {
            throw new ConflictException(problem);
        }
        String name = fileName == null ? "" : Names.withoutForbidden(fileName.replaceAll("[\\\\/]", "_")).strip();
        if (name.isEmpty()) {
            name = "attestation.pdf";
        }
        if (name.length() > 200) {
            name = name.substring(name.length() - 200);
        }
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("size", bytes.length);
        values.put("bytes", bytes);
        update(reg, version, "certificate_name = :name, certificate_size = :size, certificate = :bytes", values);
        audit.record(user, reg.beneficiaryId(), AuditAction.CHANGE, "certificate uploaded for registration " + reg.id());
    }

    /** The certificate's bytes, the read of the person audited. */
    byte[] certificate(CurrentUser user, long registrationId) {
        Registration reg = find(user, registrationId);
        people.read(user, reg.beneficiaryId(), "certificate of registration " + reg.id());
        return jdbc.sql("SELECT certificate FROM certification_registration WHERE id = :id AND certificate IS NOT NULL")
                .param("id", reg.id()).query((rs, n) -> rs.getBytes(1)).optional().orElseThrow(NotFoundException::new);
    }

    // ---------------------------------------------------------------- helpers

    private Registration lockForChange(CurrentUser user, long registrationId) {
        if (!mayRecord(user)) {
            throw new NotFoundException();
        }
        Registration reg = find(user.dataScope(), registrationId).orElseThrow(NotFoundException::new);
        people.lock(user, reg.beneficiaryId());
        // Read again under the person's lock: a colleague may have changed it meanwhile.
        return find(user.dataScope(), registrationId).orElseThrow(NotFoundException::new);
    }

    private void update(Registration reg, int version, String set, Map<String, Object> values) {
        Map<String, Object> params = new HashMap<>(values);
        params.put("id", reg.id());
        params.put("version", version);
        int n = jdbc.sql("UPDATE certification_registration SET " + set + ", version = version + 1 "
                        + "WHERE id = :id AND version = :version")
                .params(params).update();
        if (n == 0) {
            throw new ConflictException("certification.stale");
        }
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() ? null : t;
    }

    static LocalDate parseDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static Long parseLong(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer parseInt(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Funding parseFunding(String text) {
        for (Funding f : Funding.values()) {
            if (f.name().equals(text)) {
                return f;
            }
        }
        return null;
    }

    /** Euros as typed (45, 45,50, 45.5, 1 200,00) in cents; empty is 0; anything else null. */
    static Long parseCents(String text) {
        if (text == null || text.isBlank()) {
            return 0L;
        }
        String t = text.replaceAll("[\\s\u00a0\u202f€]", "").replace(',', '.');
        if (!t.matches("\\d{1,7}(\\.\\d{1,2})?")) {
            return null;
        }
        return new BigDecimal(t).movePointRight(2).longValueExact();
    }
}
