package org.parcoursnumerique.equipment;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.audit.AuditAction;
import org.parcoursnumerique.audit.AuditLog;
import org.parcoursnumerique.beneficiary.PersonInScope;
import org.parcoursnumerique.diagnostic.PathwayPlans;
import org.parcoursnumerique.notification.Outbox;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.Fragments;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.PdfDocuments;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages about people and their devices, for the staff of the territory (coordinators, mediators,
 * logistics managers): the waiting queue, a reservation, the handover with its signature and its
 * receipt, distribution days with their printable list and convocations, the warranty alerts and
 * repairs. Every person is reached through {@link PersonInScope} (audited).
 */
@Controller
class MatchingController {

    static final int PAGE_SIZE = 50;

    private final Matching matching;
    private final Stock stock;
    private final Handovers handovers;
    private final Repairs repairs;
    private final PersonInScope personInScope;
    private final PathwayPlans plans;
    private final AuditLog audit;
    private final Fragments fragments;
    private final PdfDocuments pdf;
    private final Receipts receipts;
    private final Convocations convocations;
    private final Clock clock;

    MatchingController(Matching matching, Stock stock, Handovers handovers, Repairs repairs, PersonInScope personInScope,
                       PathwayPlans plans, AuditLog audit, Fragments fragments, PdfDocuments pdf, Receipts receipts,
                       Convocations convocations, Clock clock) {
        this.matching = matching;
        this.stock = stock;
        this.handovers = handovers;
        this.repairs = repairs;
        this.personInScope = personInScope;
        this.plans = plans;
        this.audit = audit;
        this.fragments = fragments;
        this.pdf = pdf;
        this.receipts = receipts;
        this.convocations = convocations;
        this.clock = clock;
    }

    /** The staff of a territory who act for its people; 404 for anyone else. */
    static Caller staff(CurrentUser user) {
        if (!user.role().isConsortiumStaff() || user.territoryId() == null) {
            throw new NotFoundException();
        }
        return Caller.of(user);
    }

    /** Coordination and logistics, who plan distribution days. */
    static Caller planner(CurrentUser user) {
        if (!user.has(Role.COORDINATOR, Role.LOGISTICS_MANAGER) || user.territoryId() == null) {
            throw new NotFoundException();
        }
        return Caller.of(user);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    // ---- waiting queue -------------------------------------------------------------------------

    @GetMapping("/equipment/waiting")
    String showWaiting(CurrentUser user, @RequestParam(required = false) String type,
                       @RequestParam(required = false) String page, Model model) {
        Caller caller = staff(user);
        TerritoryScope scope = caller.personScope();
        DeviceType t = StockController.parseEnum(DeviceType.class, type);
        String typeName = t == null ? null : t.name();
        long counted = matching.countWaiting(scope, typeName, Pagination.DEFAULT_COUNT_CAP + 1);
        Pagination pagination = Pagination.of(page, PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP,
                Pagination.link("/equipment/waiting", "type", typeName));
        var rows = matching.waiting(scope, typeName, pagination.limit(), pagination.offset());
        audit.record(user, null, AuditAction.LIST, "equipment waiting queue, page " + pagination.page());
        model.addAttribute("rows", rows);
        model.addAttribute("pagination", pagination);
        model.addAttribute("type", typeName == null ? "" : typeName);
        model.addAttribute("available", stock.available(scope));
        return "equipment/waiting";
    }

    // ---- reservation ---------------------------------------------------------------------------

    @GetMapping("/beneficiaries/{id}/equipment/reserve")
    String showReserve(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String type,
                       Model model) {
        Caller caller = staff(user);
        var person = personInScope.read(user, id, "equipment reservation");
        var plan = plans.forBeneficiary(id).orElse(null);
        String recommended = plan == null || !plan.needsEquipment() ? null : plan.equipment().name();
        DeviceType t = StockController.parseEnum(DeviceType.class, type);
        String shown = t != null ? t.name() : recommended;
        TerritoryScope territory = new TerritoryScope(TerritoryScope.Kind.TERRITORY, person.territoryId());
        model.addAttribute("personId", id);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("recommended", recommended);
        model.addAttribute("type", shown == null ? "" : shown);
        model.addAttribute("devices", stock.list(territory, new Stock.Filter(DeviceStatus.READY,
                shown == null ? null : DeviceType.valueOf(shown), null), 100, 0));
        model.addAttribute("reservation", matching.activeReservation(id).orElse(null));
        model.addAttribute("canReserve", caller.personScope().includes(person.territoryId()));
        return "equipment/reserve";
    }

    @PostMapping("/beneficiaries/{id}/equipment/reservations")
    String processReserve(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String deviceId,
                          RedirectAttributes redirect) {
        Caller caller = staff(user);
        Long device = StockController.parseLong(deviceId);
        if (device == null) {
            personInScope.reach(user, id);
            Flash.error(redirect, "equipment.reserve.choose");
            return "redirect:/beneficiaries/" + id + "/equipment/reserve";
        }
        try {
            matching.reserve(caller, id, device);
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return "redirect:/beneficiaries/" + id + "/equipment/reserve";
        }
        Flash.success(redirect, "equipment.reserve.done");
        return "redirect:/beneficiaries/" + id + "#equipment";
    }

    @PostMapping("/equipment/reservations/{id}/cancel")
    String processCancel(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        Caller caller = staff(user);
        var r = matching.reservation(caller.personScope(), id);
        try {
            matching.cancel(caller, id);
            Flash.success(redirect, "equipment.reservation.cancelled");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/beneficiaries/" + r.personId() + "#equipment";
    }

    // ---- handover ------------------------------------------------------------------------------

    @GetMapping("/equipment/reservations/{id}/handover")
    String showHandover(CurrentUser user, @PathVariable long id, Model model) {
        Caller caller = staff(user);
        var r = matching.reservation(caller.personScope(), id);
        var person = personInScope.read(user, r.personId(), "equipment handover");
        if (!"ACTIVE".equals(r.status())) {
            throw new ConflictException("equipment.reservation.notActive");
        }
        model.addAttribute("reservation", r);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("device", stock.get(TerritoryScope.all(), r.deviceId()));
        model.addAttribute("settings", stock.settings(person.programmeId()));
        model.addAttribute("today", today().toString());
        return "equipment/handover-form";
    }

    @PostMapping("/equipment/reservations/{id}/handover")
    String processHandover(CurrentUser user, @PathVariable long id, @RequestParam Map<String, String> params,
                           @RequestParam(value = "scan", required = false) MultipartFile scan,
                           RedirectAttributes redirect) throws java.io.IOException {
        Caller caller = staff(user);
        var r = matching.reservation(caller.personScope(), id);
        String back = "redirect:/equipment/reservations/" + id + "/handover";
        LocalDate on;
        long contribution;
        try {
            on = params.get("date") == null || params.get("date").isBlank() ? today() : LocalDate.parse(params.get("date"));
            String c = params.getOrDefault("contribution", "").replace(',', '.').replace(" ", "").strip();
            contribution = c.isEmpty() ? 0 : new java.math.BigDecimal(c).movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            Flash.error(redirect, "equipment.handover.invalid");
            return back;
        }
        Handovers.Signature signature = signature(params.get("signatureMode"), params.get("signature"), scan);
        if (signature == null) {
            Flash.error(redirect, "equipment.handover.signature");
            return back;
        }
        String accessories = params.get("accessories");
        if (accessories != null && (accessories.length() > 300 || accessories.chars().anyMatch(Character::isISOControl))) {
            Flash.error(redirect, "equipment.handover.invalid");
            return back;
        }
        long handover;
        try {
            handover = handovers.handOver(caller, new Handovers.HandoverRequest(r.personId(), r.deviceId(), on, contribution,
                    StockController.parseEnum(Handovers.PaymentMode.class, params.get("paymentMode")),
                    params.get("receiptNumber"), accessories, signature));
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
            return back;
        }
        Flash.success(redirect, "equipment.handover.done");
        return "redirect:/equipment/handovers/" + handover;
    }

    /** The signature sent by the form: the canvas drawing (a PNG data URL) or paper, with an optional scan. */
    static Handovers.Signature signature(String mode, String drawn, MultipartFile scan) throws java.io.IOException {
        if ("PAPER".equals(mode)) {
            byte[] content = scan == null || scan.isEmpty() ? null : scan.getBytes();
            return new Handovers.Signature(Handovers.SignatureKind.PAPER, content,
                    content == null ? null : Handovers.scanType(content));
        }
        String prefix = "data:image/png;base64,";
        if (drawn == null || !drawn.startsWith(prefix) || drawn.length() > Handovers.MAX_SIGNATURE_BYTES * 2) {
            return null;
        }
        try {
            return new Handovers.Signature(Handovers.SignatureKind.DRAWN,
                    Base64.getDecoder().decode(drawn.substring(prefix.length())), "image/png");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GetMapping("/equipment/handovers/{id}")
    String showHandoverRecord(CurrentUser user, @PathVariable long id, Model model) {
        Caller caller = staff(user);
        var h = handovers.get(caller.personScope(), id);
        var person = personInScope.read(user, h.personId(), "equipment handover " + id);
        model.addAttribute("handover", h);
        model.addAttribute("personName", person.lastName() + " " + person.firstName());
        model.addAttribute("device", stock.get(TerritoryScope.all(), h.deviceId()));
        model.addAttribute("today", today().toString());
        return "equipment/handover";
    }

    @PostMapping("/equipment/handovers/{id}/signature")
    String processSignature(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String signatureMode,
                            @RequestParam(required = false) String signature,
                            @RequestParam(value = "scan", required = false) MultipartFile scan,
                            RedirectAttributes redirect) throws java.io.IOException {
        Caller caller = staff(user);
        handovers.get(caller.personScope(), id);
        Handovers.Signature s = signature(signatureMode, signature, scan);
        if (s == null) {
            Flash.error(redirect, "equipment.handover.signature");
            return "redirect:/equipment/handovers/" + id;
        }
        try {
            handovers.sign(caller, id, s);
            Flash.success(redirect, "equipment.handover.signed");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/handovers/" + id;
    }

    @PostMapping("/equipment/handovers/{id}/return")
    String processReturn(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String returnedOn,
                         @RequestParam(required = false) String note, RedirectAttributes redirect) {
        Caller caller = staff(user);
        handovers.get(caller.personScope(), id);
        LocalDate on;
        try {
            on = returnedOn == null || returnedOn.isBlank() ? today() : LocalDate.parse(returnedOn.strip());
        } catch (java.time.format.DateTimeParseException e) {
            on = null;
        }
        String text = org.parcoursnumerique.shared.Names.freeText(note);
        if (text != null && text.length() > 300) {
            Flash.error(redirect, "equipment.handover.return.note");
            return "redirect:/equipment/handovers/" + id;
        }
        try {
            handovers.giveBack(caller, id, on, text);
            Flash.success(redirect, "equipment.handover.returned");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/handovers/" + id;
    }

    @GetMapping("/equipment/handovers/{id}/receipt.pdf")
    ResponseEntity<byte[]> downloadReceipt(CurrentUser user, @PathVariable long id,
                                           @ModelAttribute("ctx") PageContext ctx) {
        Caller caller = staff(user);
        var h = handovers.get(caller.personScope(), id);
        personInScope.read(user, h.personId(), "equipment handover receipt " + id);
        return pdfResponse(receipts.render(ctx, h), "attestation-de-remise-" + id + ".pdf");
    }

    static ResponseEntity<byte[]> pdfResponse(byte[] document, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(document);
    }

    @GetMapping("/equipment/handovers/{id}/scan")
    ResponseEntity<byte[]> downloadScan(CurrentUser user, @PathVariable long id) {
        Caller caller = staff(user);
        var h = handovers.get(caller.personScope(), id);
        personInScope.read(user, h.personId(), "equipment handover scan " + id);
        byte[] scan = handovers.paperScan(id);
        if (scan == null) {
            throw new NotFoundException();
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(h.paperScanType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("remise-" + id + "-signature-papier").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(scan);
    }

    // ---- distribution days ---------------------------------------------------------------------

    @GetMapping("/equipment/days")
    String showDays(CurrentUser user, Model model) {
        Caller caller = planner(user);
        model.addAttribute("days", matching.days(caller.writeScope(), today().minusDays(7)));
        model.addAttribute("places", stock.places(caller.writeScope()));
        model.addAttribute("today", today().toString());
        return "equipment/days";
    }

    @PostMapping("/equipment/days")
    String processNewDay(CurrentUser user, @RequestParam(required = false) String placeId,
                         @RequestParam(required = false) String day, @RequestParam(required = false) String startsAt,
                         RedirectAttributes redirect) {
        Caller caller = planner(user);
        Long place = StockController.parseLong(placeId);
        LocalDate date;
        try {
            date = LocalDate.parse(day);
        } catch (RuntimeException e) {
            date = null;
        }
        String start = startsAt == null ? "" : startsAt.strip();
        if (place == null || date == null || date.isBefore(today()) || date.isAfter(today().plusYears(1))
                || !start.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            Flash.error(redirect, "equipment.day.invalid");
            return "redirect:/equipment/days";
        }
        long id = matching.planDay(caller, place, date, start);
        Flash.success(redirect, "equipment.day.created");
        return "redirect:/equipment/days/" + id;
    }

    @GetMapping("/equipment/days/{id}")
    String showDay(CurrentUser user, @PathVariable long id, Model model) {
        Caller caller = planner(user);
        var day = matching.day(caller.writeScope(), id);
        var people = matching.dayPeople(caller, id);
        audit.record(user, null, AuditAction.LIST, "distribution day " + id);
        model.addAttribute("day", day);
        model.addAttribute("people", people);
        model.addAttribute("unplanned", matching.unplanned(caller, day.territoryId()));
        return "equipment/day";
    }

    @PostMapping("/equipment/days/{id}/reservations")
    String processAddToDay(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String reservationId,
                           RedirectAttributes redirect) {
        Caller caller = planner(user);
        matching.day(caller.writeScope(), id);
        Long r = StockController.parseLong(reservationId);
        if (r == null) {
            Flash.error(redirect, "equipment.day.choose");
            return "redirect:/equipment/days/" + id;
        }
        try {
            matching.addToDay(caller, id, r);
            Flash.success(redirect, "equipment.day.added");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/days/" + id;
    }

    @PostMapping("/equipment/days/{id}/convocations")
    String processConvocations(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        Caller caller = planner(user);
        var day = matching.day(caller.writeScope(), id);
        int unreachable = convocations.send(user, day, matching.dayPeople(caller, id));
        if (unreachable > 0) {
            Flash.warning(redirect, "equipment.day.convenedSomeUnreachable");
        } else {
            Flash.success(redirect, "equipment.day.convenedDone");
        }
        return "redirect:/equipment/days/" + id;
    }

    // ---- warranties and repairs ----------------------------------------------------------------

    @GetMapping("/equipment/warranties")
    String showWarranties(CurrentUser user, Model model) {
        staff(user);
        var rows = handovers.warrantiesEnding(user.dataScope(), 30, 200);
        audit.record(user, null, AuditAction.LIST, "equipment warranties ending");
        model.addAttribute("rows", rows);
        return "equipment/warranties";
    }

    @PostMapping("/equipment/devices/{id}/repairs")
    String processRepair(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String fault,
                         @RequestParam(required = false) String repairerId, @RequestParam(required = false) String loanDeviceId,
                         @RequestParam(required = false) String requestedOn, RedirectAttributes redirect) {
        Caller caller = staff(user);
        stock.get(caller.personScope(), id);
        Long repairer = StockController.parseLong(repairerId);
        LocalDate on;
        try {
            on = requestedOn == null || requestedOn.isBlank() ? today() : LocalDate.parse(requestedOn);
        } catch (RuntimeException e) {
            Flash.error(redirect, "equipment.repair.date");
            return "redirect:/equipment/devices/" + id;
        }
        if (repairer == null) {
            Flash.error(redirect, "equipment.repair.repairer.invalid");
            return "redirect:/equipment/devices/" + id;
        }
        try {
            repairs.open(caller, id, fault, repairer, StockController.parseLong(loanDeviceId), on);
            Flash.success(redirect, "equipment.repair.opened");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/devices/" + id;
    }

    @PostMapping("/equipment/repairs/{id}/close")
    String processCloseRepair(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String outcome,
                              @RequestParam(required = false) String cost,
                              @RequestParam(required = false) String replacementDeviceId, RedirectAttributes redirect) {
        Caller caller = staff(user);
        var r = repairs.get(caller.personScope(), id);
        Repairs.Outcome o = StockController.parseEnum(Repairs.Outcome.class, outcome);
        long cents;
        try {
            String c = cost == null ? "" : cost.replace(',', '.').replace(" ", "").strip();
            cents = c.isEmpty() ? 0 : new java.math.BigDecimal(c).movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            Flash.error(redirect, "equipment.repair.cost.invalid");
            return "redirect:/equipment/devices/" + r.deviceId();
        }
        if (o == null) {
            Flash.error(redirect, "equipment.repair.outcome.invalid");
            return "redirect:/equipment/devices/" + r.deviceId();
        }
        try {
            repairs.close(caller, id, o, cents, StockController.parseLong(replacementDeviceId), null);
            Flash.success(redirect, "equipment.repair.closedDone");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/devices/" + r.deviceId();
    }

    Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
