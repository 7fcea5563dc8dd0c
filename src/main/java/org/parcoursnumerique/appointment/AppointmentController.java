package org.parcoursnumerique.appointment;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.PdfDocuments;
import org.parcoursnumerique.shared.Role;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Scheduling, marking and re-inviting appointments, and the mediators' agenda. */
@Controller
class AppointmentController {

    /** Scheduled, but no message could reach the person: a warning, someone must call them. */
    private static final org.parcoursnumerique.shared.Flash UNREACHABLE = new org.parcoursnumerique.shared.Flash(
            org.parcoursnumerique.shared.Flash.Severity.WARNING, "appointment.scheduled.unreachable");

    /**
     * The form as typed: date and time as the browser's date and time fields send them;
     * {@code confirmOverlap} ticked to give an appointment that overlaps another one of the mediator;
     * {@code note} only on the form of an appointment that already took place.
     */
    record AppointmentForm(String date, String time, Integer durationMinutes, Long structureId, Long mediatorId,
                           Boolean confirmOverlap, String note) {

        AppointmentForm(String date, String time, Integer durationMinutes, Long structureId, Long mediatorId) {
            this(date, time, durationMinutes, structureId, mediatorId, null, null);
        }

        boolean overlapConfirmed() {
            return Boolean.TRUE.equals(confirmOverlap);
        }
    }

    /** One row of the agenda: the appointment and whether it is the caller's own. */
    record AgendaRow(AppointmentQueries.Item item, boolean mine) {
    }

    private final Appointments appointments;
    private final AppointmentQueries queries;
    private final AuditLog audit;
    private final Clock clock;
    private final Fragments fragments;
    private final PdfDocuments pdf;

    AppointmentController(Appointments appointments, AppointmentQueries queries, AuditLog audit, Clock clock,
                          Fragments fragments, PdfDocuments pdf) {
        this.appointments = appointments;
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
        this.fragments = fragments;
        this.pdf = pdf;
    }

    @GetMapping("/beneficiaries/{id}/appointments/new")
    String initAppointmentForm(CurrentUser user, @PathVariable long id, Model model) {
        var person = appointments.person(user, id);
        appointments.checkSchedulable(person);
        audit.record(user, id, AuditAction.READ, "appointment form");
        var form = new AppointmentForm("", "", 60, null, defaultMediator(user, person.territoryId()));
        return form(model, person, form, FormErrors.none(), "/beneficiaries/" + id + "/appointments", null);
    }

    @GetMapping("/beneficiaries/{id}/appointments/past")
    String initPastAppointmentForm(CurrentUser user, @PathVariable long id, Model model) {
        var person = appointments.person(user, id);
        appointments.checkSchedulable(person);
        audit.record(user, id, AuditAction.READ, "past appointment form");
        var now = java.time.ZonedDateTime.now(clock.withZone(PageContext.ZONE));
        var places = queries.places(person.territoryId());
        var form = new AppointmentForm(now.toLocalDate().toString(),
                now.toLocalTime().withSecond(0).withNano(0).toString(), 60,
                places.size() == 1 ? places.get(0).id() : null, defaultMediator(user, person.territoryId()));
        return form(model, person, form, FormErrors.none(), "/beneficiaries/" + id + "/appointments/past", PAST);
    }

    @PostMapping("/beneficiaries/{id}/appointments/past")
    String processPastAppointmentForm(CurrentUser user, @PathVariable long id,
                                      @ModelAttribute("form") AppointmentForm form, BindingResult result, Model model,
                                      RedirectAttributes redirect) {
        var person = appointments.person(user, id);
        appointments.checkSchedulable(person);
        var slot = check(person, form, result, Appointments.When.PAST, null);
        String note = Names.freeText(form.note());
        if (note != null && note.length() > Appointments.NOTE_MAX) {
            result.rejectValue("note", "appointment.note.max");
        }
        if (result.hasErrors()) {
            return form(model, person, form, FormErrors.of(result), "/beneficiaries/" + id + "/appointments/past", PAST);
        }
        appointments.recordPast(user, id, slot, note);
        redirect.addFlashAttribute("flash", "appointment.recordedPast");
        return "redirect:/beneficiaries/" + id;
    }

    @PostMapping("/beneficiaries/{id}/appointments")
    String processAppointmentForm(CurrentUser user, @PathVariable long id,
                                  @ModelAttribute("form") AppointmentForm form, BindingResult result, Model model,
                                  RedirectAttributes redirect) {
        var person = appointments.person(user, id);
        appointments.checkSchedulable(person);
        var slot = check(person, form, result, Appointments.When.COMING, null);
        if (result.hasErrors()) {
            return form(model, person, form, FormErrors.of(result), "/beneficiaries/" + id + "/appointments", null);
        }
        var done = appointments.schedule(user, id, slot);
        redirect.addFlashAttribute("flash", done.messages() > 0 ? "appointment.scheduled" : UNREACHABLE);
        return "redirect:/beneficiaries/" + id;
    }

    @GetMapping("/appointments/{id}/reinvite")
    String initReinvitationForm(CurrentUser user, @PathVariable long id, Model model) {
        var a = reinvitable(user, id);
        var person = appointments.person(user, a.beneficiaryId);
        audit.record(user, a.beneficiaryId, AuditAction.READ, "appointment " + id + " new date form");
        var form = new AppointmentForm("", "", a.durationMinutes, a.structureId, a.mediatorId);
        if (a.status == AppointmentStatus.SCHEDULED) {
            var local = a.startsAt.atZoneSameInstant(PageContext.ZONE);
            form = new AppointmentForm(local.toLocalDate().toString(), local.toLocalTime().toString(),
                    a.durationMinutes, a.structureId, a.mediatorId);
        }
        return form(model, person, form, FormErrors.none(), "/appointments/" + id + "/reinvite", a.status.name());
    }

    @PostMapping("/appointments/{id}/reinvite")
    String processReinvitationForm(CurrentUser user, @PathVariable long id,
                                   @ModelAttribute("form") AppointmentForm form, BindingResult result, Model model,
                                   RedirectAttributes redirect) {
        var a = reinvitable(user, id);
        var person = appointments.person(user, a.beneficiaryId);
        var slot = check(person, form, result, Appointments.When.COMING,
                a.status == AppointmentStatus.SCHEDULED ? a.id : null);
        if (result.hasErrors()) {
            return form(model, person, form, FormErrors.of(result), "/appointments/" + id + "/reinvite", a.status.name());
        }
        var done = appointments.reinvite(user, id, slot);
        String flash = a.status == AppointmentStatus.SCHEDULED ? "appointment.moved" : "appointment.reinvited";
        redirect.addFlashAttribute("flash", done.messages() > 0 ? flash : UNREACHABLE);
        return "redirect:/beneficiaries/" + done.beneficiaryId();
    }

    /**
     * The convocation letter of a scheduled appointment, to print and post (or hand over): for people
     * who prefer the post, or who can be reached neither by e-mail nor by SMS.
     */
    @GetMapping("/appointments/{id}/letter.pdf")
    ResponseEntity<byte[]> downloadConvocationLetter(CurrentUser user, @PathVariable long id,
                                                     @ModelAttribute("ctx") PageContext ctx) {
        var a = appointments.staffsAppointment(user, id);
        if (a.status != AppointmentStatus.SCHEDULED) {
            throw new ConflictException("appointment.letter.notScheduled");
        }
        var letter = queries.letter(id);
        Map<String, Object> params = new HashMap<>();
        params.put("ctx", ctx);
        params.put("letter", letter);
        params.put("when", AppointmentNotices.when(letter.startsAt().toInstant(), true));
        params.put("today", AppointmentNotices.day(java.time.ZonedDateTime.now(clock.withZone(PageContext.ZONE)), true));
        byte[] document = pdf.render(fragments.render("appointment/letter", params));
        audit.record(user, a.beneficiaryId, AuditAction.READ, "appointment " + id + " convocation letter");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("convocation-rendez-vous-" + id + ".pdf").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(document);
    }

    @PostMapping("/appointments/{id}/attended")
    String processAttendance(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                             RedirectAttributes redirect) {
        return record(user, id, Appointments.Outcome.ATTENDED, note, redirect, "appointment.markedAttended");
    }

    @PostMapping("/appointments/{id}/no-show")
    String processNoShow(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                         RedirectAttributes redirect) {
        return record(user, id, Appointments.Outcome.NO_SHOW, note, redirect, "appointment.markedNoShow");
    }

    @PostMapping("/appointments/{id}/excused")
    String processExcuse(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                         RedirectAttributes redirect) {
        return record(user, id, Appointments.Outcome.EXCUSED, note, redirect, "appointment.markedExcused");
    }

    @PostMapping("/appointments/{id}/cancel")
    String processCancellation(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String note,
                               RedirectAttributes redirect) {
        return record(user, id, Appointments.Outcome.CANCELLED, note, redirect, "appointment.cancelled");
    }

    @GetMapping("/appointments")
    String showAgenda(CurrentUser user, @RequestParam(required = false) String mine,
                      @RequestParam(required = false) String page, Model model) {
        if (!user.has(Role.MEDIATOR, Role.COORDINATOR, Role.PROGRAMME_MANAGER)) {
            throw new NotFoundException();
        }
        boolean onlyMine = "true".equals(mine) && Appointments.isStaff(user);
        var from = LocalDate.now(clock).atStartOfDay(PageContext.ZONE).toOffsetDateTime();
        var agenda = queries.agendaPage(user.dataScope(), from, onlyMine ? user.id() : null, page,
                org.parcoursnumerique.shared.Pagination.link("/appointments", "mine", onlyMine ? "true" : null));
        List<AgendaRow> rows = agenda.items().stream().map(i -> new AgendaRow(i, i.mediatorId() == user.id())).toList();
        audit.record(user, null, AuditAction.LIST, "appointment agenda" + (onlyMine ? " (mine)" : "")
                + " page=" + agenda.pagination().page());
        model.addAttribute("rows", rows);
        model.addAttribute("pagination", agenda.pagination());
        model.addAttribute("onlyMine", onlyMine);
        model.addAttribute("staff", Appointments.isStaff(user));
        return "appointment/agenda";
    }

    private String record(CurrentUser user, long id, Appointments.Outcome outcome, String rawNote,
                          RedirectAttributes redirect, String flash) {
        String note = Names.freeText(rawNote);
        if (note != null && note.length() > Appointments.NOTE_MAX) {
            var a = appointments.staffsAppointment(user, id);
            org.parcoursnumerique.shared.Flash.error(redirect, "appointment.note.tooLong");
            return "redirect:/beneficiaries/" + a.beneficiaryId;
        }
        var done = appointments.record(user, id, outcome, note);
        redirect.addFlashAttribute("flash", flash);
        return "redirect:/beneficiaries/" + done.beneficiaryId();
    }

    private Appointment reinvitable(CurrentUser user, long id) {
        var a = appointments.staffsAppointment(user, id);
        if (a.status != AppointmentStatus.SCHEDULED) {
            a.checkReinvitable();
            appointments.checkSchedulable(appointments.person(user, a.beneficiaryId));
        }
        return a;
    }

    /** Parses the typed date and time and checks the slot; errors go to {@code result}. */
    private Appointments.Slot check(AppointmentQueries.Person person, AppointmentForm form, BindingResult result,
                                    Appointments.When when, Long moving) {
        LocalDate date = null;
        LocalTime time = null;
        boolean dateTyped = form.date() != null && !form.date().isBlank();
        boolean timeTyped = form.time() != null && !form.time().isBlank();
        try {
            date = dateTyped ? LocalDate.parse(form.date().strip()) : null;
        } catch (DateTimeParseException e) {
            result.rejectValue("date", "appointment.date.invalid");
        }
        try {
            time = timeTyped ? LocalTime.parse(form.time().strip()) : null;
        } catch (DateTimeParseException e) {
            result.rejectValue("time", "appointment.time.invalid");
        }
        var slot = new Appointments.Slot(date, time, form.durationMinutes(), form.structureId(), form.mediatorId(),
                form.overlapConfirmed());
        for (Map.Entry<String, String> p : appointments.problems(person, slot, when, moving).entrySet()) {
            if (!result.hasFieldErrors(p.getKey())) {
                result.rejectValue(p.getKey(), p.getValue());
            }
        }
        return slot;
    }

    /** The form's mode for an appointment that already took place (instead of a previous status). */
    static final String PAST = "PAST";

    private Long defaultMediator(CurrentUser user, long territoryId) {
        return queries.mediators(territoryId).stream().anyMatch(m -> m.id() == user.id()) ? user.id() : null;
    }

    private String form(Model model, AppointmentQueries.Person person, AppointmentForm form, FormErrors errors,
                        String action, String previousStatus) {
        model.addAttribute("person", person);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("action", action);
        model.addAttribute("previousStatus", previousStatus);
        model.addAttribute("places", queries.places(person.territoryId()));
        model.addAttribute("mediators", queries.mediators(person.territoryId()));
        model.addAttribute("durations", Appointments.DURATIONS);
        model.addAttribute("today", LocalDate.now(clock.withZone(PageContext.ZONE)).toString());
        model.addAttribute("overlap", errors.has("confirmOverlap") || form.overlapConfirmed());
        return "appointment/form";
    }
}
