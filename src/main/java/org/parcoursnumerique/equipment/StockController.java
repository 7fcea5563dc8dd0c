package org.parcoursnumerique.equipment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parcoursnumerique.organisation.OrganisationKind;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Pagination;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The stock pages: the overview of a territory (stock per place, what equipment cost so far), the
 * device list with its filters, a device's page (history, transfers, handovers and repairs), a device
 * entered by hand, storage places, deliveries with their report, and the programme's grade grid and
 * contribution cap. Reads with {@link TerritoryScope#toRead}, changes with {@link TerritoryScope#toWrite}.
 */
@Controller
class StockController {

    static final int PAGE_SIZE = 50;

    private final Stock stock;
    private final Deliveries deliveries;
    private final Handovers handovers;
    private final Repairs repairs;
    private final Organisations organisations;
    private final Programmes programmes;
    private final EquipmentFigures figures;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;

    StockController(Stock stock, Deliveries deliveries, Handovers handovers, Repairs repairs, Organisations organisations,
                    Programmes programmes, EquipmentFigures figures, TransactionTemplate tx, MessageSource messages,
                    Clock clock) {
        this.stock = stock;
        this.deliveries = deliveries;
        this.handovers = handovers;
        this.repairs = repairs;
        this.organisations = organisations;
        this.programmes = programmes;
        this.figures = figures;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
    }

    static TerritoryScope readScope(CurrentUser user) {
        TerritoryScope scope = TerritoryScope.toRead(user);
        if (scope.isNone()) {
            throw new NotFoundException();
        }
        return scope;
    }

    static TerritoryScope writeScope(CurrentUser user) {
        TerritoryScope scope = TerritoryScope.toWrite(user);
        if (scope.isNone()) {
            throw new NotFoundException();
        }
        return scope;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(PageContext.ZONE));
    }

    // ---- overview ------------------------------------------------------------------------------

    @GetMapping("/equipment")
    String showOverview(CurrentUser user, Model model) {
        TerritoryScope scope = readScope(user);
        model.addAttribute("available", stock.available(scope));
        model.addAttribute("money", figures.money(scope));
        model.addAttribute("statusCounts", figures.statusCounts(scope));
        model.addAttribute("canWrite", !TerritoryScope.toWrite(user).isNone());
        model.addAttribute("staff", user.role().isConsortiumStaff());
        model.addAttribute("openRepairs", user.role().isConsortiumStaff() ? repairs.open(scope, 20) : List.of());
        return "equipment/overview";
    }

    // ---- devices -------------------------------------------------------------------------------

    @GetMapping("/equipment/devices")
    String showDevices(CurrentUser user, @RequestParam(required = false) String status,
                       @RequestParam(required = false) String type, @RequestParam(required = false) String place,
                       @RequestParam(required = false) String page, Model model) {
        TerritoryScope scope = readScope(user);
        DeviceStatus s = parseEnum(DeviceStatus.class, status);
        DeviceType t = parseEnum(DeviceType.class, type);
        Long p = parseLong(place);
        var filter = new Stock.Filter(s, t, p);
        long counted = stock.count(scope, filter, Pagination.DEFAULT_COUNT_CAP + 1);
        Pagination pagination = Pagination.of(page, PAGE_SIZE, counted, Pagination.DEFAULT_COUNT_CAP,
                Pagination.link("/equipment/devices", "status", s == null ? null : s.name(), "type",
                        t == null ? null : t.name(), "place", p == null ? null : p.toString()));
        model.addAttribute("devices", stock.list(scope, filter, pagination.limit(), pagination.offset()));
        model.addAttribute("pagination", pagination);
        model.addAttribute("status", s == null ? "" : s.name());
        model.addAttribute("type", t == null ? "" : t.name());
        model.addAttribute("place", p);
        model.addAttribute("places", stock.places(scope));
        model.addAttribute("canWrite", !TerritoryScope.toWrite(user).isNone());
        return "equipment/devices";
    }

    @GetMapping("/equipment/devices/{id}")
    String showDevice(CurrentUser user, @PathVariable long id, Model model) {
        TerritoryScope scope = readScope(user);
        Stock.Device d = stock.get(scope, id);
        model.addAttribute("device", d);
        model.addAttribute("history", stock.history(id));
        model.addAttribute("transfers", stock.transfers(id));
        boolean staff = user.role().isConsortiumStaff();
        // Links to a person only for the staff who act for people; the person's page audits the read.
        model.addAttribute("handovers", staff ? handovers.ofDevice(id) : List.of());
        model.addAttribute("repairs", staff ? repairs.ofDevice(id) : List.of());
        model.addAttribute("staff", staff);
        boolean canWrite = TerritoryScope.toWrite(user).includes(d.territoryId());
        model.addAttribute("canWrite", canWrite);
        model.addAttribute("places", canWrite ? stock.places(TerritoryScope.toWrite(user)).stream()
                .filter(pl -> pl.territoryId() == d.territoryId()).toList() : List.of());
        model.addAttribute("manual", DeviceStatus.TRANSITIONS.next(d.statusValue()).stream()
                .filter(DeviceStatus.MANUAL::contains).toList());
        model.addAttribute("repairers", staff ? repairs.repairers() : List.of());
        model.addAttribute("organisationNames", organisations.names(java.util.stream.Stream.concat(
                repairs.ofDevice(id).stream().map(Repairs.Repair::repairerId),
                d.refurbisherId() == null ? java.util.stream.Stream.<Long>empty() : java.util.stream.Stream.of(d.refurbisherId()))
                .toList()));
        model.addAttribute("loanable", staff && d.statusValue() == DeviceStatus.HANDED_OVER
                ? stock.list(TerritoryScope.toRead(user), new Stock.Filter(DeviceStatus.READY, null, null), 50, 0)
                        .stream().filter(x -> x.territoryId() == d.territoryId()).toList() : List.of());
        model.addAttribute("today", today().toString());
        return "equipment/device";
    }

    @PostMapping("/equipment/devices/{id}/status")
    String processStatus(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String status,
                         @RequestParam(required = false) String note, RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        DeviceStatus to = parseEnum(DeviceStatus.class, status);
        stock.get(scope, id);
        if (to == null) {
            Flash.error(redirect, "equipment.status.choose");
            return "redirect:/equipment/devices/" + id;
        }
        try {
            stock.changeStatus(scope, id, to, user.id(), note == null || note.isBlank() ? null
                    : note.strip().substring(0, Math.min(note.strip().length(), 300)));
            Flash.success(redirect, "equipment.status.changed");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/devices/" + id;
    }

    @PostMapping("/equipment/devices/{id}/transfer")
    String processTransfer(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String placeId,
                           RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        stock.get(scope, id);
        Long to = parseLong(placeId);
        if (to == null) {
            Flash.error(redirect, "equipment.transfer.choose");
            return "redirect:/equipment/devices/" + id;
        }
        try {
            stock.transfer(scope, id, to, user.id());
            Flash.success(redirect, "equipment.transfer.done");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/devices/" + id;
    }

    @GetMapping("/equipment/devices/new")
    String showNewDevice(CurrentUser user, Model model) {
        TerritoryScope scope = writeScope(user);
        model.addAttribute("places", stock.places(scope));
        model.addAttribute("grades", stock.grades().stream().filter(Stock.Grade::active).toList());
        model.addAttribute("refurbishers", organisations.search(new Organisations.Filter(null,
                OrganisationKind.REFURBISHER, null, 1)).rows());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("acquiredOn", today().toString(), "source", "REFURBISHED"));
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "equipment/new-device";
    }

    @PostMapping("/equipment/devices")
    String processNewDevice(CurrentUser user, @RequestParam Map<String, String> params, RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("placeId", "type", "brand", "model", "ramGb", "storageGb", "screenInches", "osName",
                "osVersion", "serialNumber", "imei", "source", "supplier", "orderReference", "refurbisherId",
                "refurbisherSiret", "grade", "wipeCertificate", "warrantyMonths", "donor", "acquiredOn", "cost")) {
            String v = params.get(k);
            if (v != null && !v.isBlank()) {
                form.put(k, v.length() > 200 ? v.substring(0, 200) : v.strip());
            }
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Long placeId = parseLong(form.get("placeId"));
        Stock.Place place = null;
        if (placeId == null) {
            errors.put("placeId", "equipment.rule.place");
        } else {
            place = stock.places(scope).stream().filter(pl -> pl.id() == placeId).findFirst().orElse(null);
            if (place == null) {
                errors.put("placeId", "equipment.rule.place");
            }
        }
        Integer ram = integer(form, "ramGb", errors);
        Integer storageGb = integer(form, "storageGb", errors);
        Integer warranty = integer(form, "warrantyMonths", errors);
        Double screen = null;
        if (form.containsKey("screenInches")) {
            try {
                screen = Double.valueOf(form.get("screenInches").replace(',', '.'));
            } catch (NumberFormatException e) {
                errors.put("screenInches", "equipment.rule.number");
            }
        }
        Long cost = null;
        if (form.containsKey("cost")) {
            try {
                cost = new java.math.BigDecimal(form.get("cost").replace(',', '.').replace(" ", "").replace("\u202f", ""))
                        .movePointRight(2).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                errors.put("cost", "equipment.rule.cost");
            }
        }
        LocalDate acquired = null;
        if (form.containsKey("acquiredOn")) {
            try {
                acquired = LocalDate.parse(form.get("acquiredOn"));
            } catch (java.time.format.DateTimeParseException e) {
                errors.put("acquiredOn", "equipment.rule.acquiredOn.required");
            }
        }
        Long refurbisherId = parseLong(form.get("refurbisherId"));
        String siret = form.get("refurbisherSiret");
        if (refurbisherId != null) {
            var refurbisher = organisations.find(refurbisherId).filter(o -> o.kind() == OrganisationKind.REFURBISHER);
            if (refurbisher.isEmpty()) {
                errors.put("refurbisherId", "equipment.rule.refurbisher");
            } else if (siret == null && refurbisher.get().siret() != null) {
                siret = refurbisher.get().siret().replace(" ", "");
            }
        }
        String imei = form.get("imei") == null ? null : form.get("imei").replaceAll("[\\s-]", "");
        NewDevice d = new NewDevice(placeId == null ? 0 : placeId, parseEnum(DeviceType.class, form.get("type")),
                form.get("brand"), form.get("model"), ram, storageGb, screen, form.get("osName"), form.get("osVersion"),
                form.get("serialNumber"), imei, parseEnum(NewDevice.Source.class, form.get("source")),
                form.get("supplier"), form.get("orderReference"), refurbisherId, siret,
                form.get("grade") == null ? null : form.get("grade").toUpperCase(java.util.Locale.ROOT),
                form.get("wipeCertificate"), warranty, form.get("donor"), acquired, cost, null);
        for (DeviceRules.Problem p : DeviceRules.check(d, stock.activeGradeCodes(), today())) {
            errors.putIfAbsent(p.field(), p.key());
        }
        if (errors.isEmpty() && stock.serialExists(d.serialNumber())) {
            errors.put("serialNumber", "equipment.rule.serial.duplicate");
        }
        if (!errors.isEmpty()) {
            redirect.addFlashAttribute("form", form);
            redirect.addFlashAttribute("errors", errors);
            return "redirect:/equipment/devices/new";
        }
        long territory = place.territoryId();
        int defaultWarranty = stock.settings(programmes.defaultProgramme().id()).refurbishedWarrantyMonths();
        long id;
        try {
            id = tx.execute(s -> stock.create(d, territory, user.id(), defaultWarranty));
        } catch (DuplicateKeyException e) {
            redirect.addFlashAttribute("form", form);
            redirect.addFlashAttribute("errors", Map.of("serialNumber", "equipment.rule.serial.duplicate"));
            return "redirect:/equipment/devices/new";
        }
        Flash.success(redirect, "equipment.device.created");
        return "redirect:/equipment/devices/" + id;
    }

    // ---- storage places ------------------------------------------------------------------------

    @GetMapping("/equipment/places")
    String showPlaces(CurrentUser user, Model model) {
        TerritoryScope scope = writeScope(user);
        model.addAttribute("places", stock.places(scope));
        model.addAttribute("structures", structures(user));
        model.addAttribute("available", stock.available(scope));
        return "equipment/places";
    }

    private List<Organisations.Organisation> structures(CurrentUser user) {
        Long territory = user.role() == Role.PROGRAMME_MANAGER ? null : user.territoryId();
        return organisations.search(new Organisations.Filter(null, OrganisationKind.MEMBER_STRUCTURE, territory, 1))
                .rows().stream().filter(Organisations.Organisation::active).toList();
    }

    @PostMapping("/equipment/places")
    String processNewPlace(CurrentUser user, @RequestParam(required = false) String structureId,
                           @RequestParam(required = false) String name, RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        Long structure = parseLong(structureId);
        var found = structure == null ? null : structures(user).stream().filter(o -> o.id() == structure)
                .filter(o -> o.territoryId() != null && scope.includes(o.territoryId())).findFirst().orElse(null);
        String label = name == null ? "" : name.strip();
        if (found == null || label.isEmpty() || label.length() > 120 || label.chars().anyMatch(Character::isISOControl)) {
            Flash.error(redirect, "equipment.place.invalid");
            return "redirect:/equipment/places";
        }
        try {
            stock.createPlace(found.territoryId(), found.id(), label, found.address());
            Flash.success(redirect, "equipment.place.created");
        } catch (ConflictException e) {
            Flash.error(redirect, e.messageKey());
        }
        return "redirect:/equipment/places";
    }

    // ---- deliveries ----------------------------------------------------------------------------

    record DeliveryRow(long id, String fileName, java.time.OffsetDateTime createdAt, String placeName, int totalRows,
                       int accepted, int rejected, int duplicates, String failure, long received) {
    }

    @GetMapping("/equipment/deliveries")
    String showDeliveries(CurrentUser user, Model model) {
        TerritoryScope scope = writeScope(user);
        model.addAttribute("deliveries", figures.deliveries(scope, null));
        model.addAttribute("places", stock.places(scope));
        model.addAttribute("refurbishers", organisations.search(new Organisations.Filter(null,
                OrganisationKind.REFURBISHER, null, 1)).rows());
        model.addAttribute("headers", String.join(";", Deliveries.HEADERS));
        model.addAttribute("maxRows", deliveries.maxRows());
        model.addAttribute("today", today().toString());
        return "equipment/deliveries";
    }

    @PostMapping("/equipment/deliveries")
    String processDelivery(CurrentUser user, @RequestParam(value = "file", required = false) MultipartFile file,
                           @RequestParam(required = false) String placeId, @RequestParam(required = false) String source,
                           @RequestParam(required = false) String refurbisherId,
                           @RequestParam(required = false) String supplier,
                           @RequestParam(required = false) String acquiredOn, RedirectAttributes redirect)
            throws java.io.IOException {
        TerritoryScope scope = writeScope(user);
        Long place = parseLong(placeId);
        var found = place == null ? null : stock.places(scope).stream().filter(p -> p.id() == place).findFirst().orElse(null);
        if (found == null) {
            Flash.error(redirect, "equipment.rule.place");
            return "redirect:/equipment/deliveries";
        }
        if (file == null || file.isEmpty()) {
            Flash.error(redirect, "equipment.import.failure.empty");
            return "redirect:/equipment/deliveries";
        }
        NewDevice.Source s = parseEnum(NewDevice.Source.class, source);
        Long refurbisher = parseLong(refurbisherId);
        String siret = null;
        if (refurbisher != null) {
            var r = organisations.find(refurbisher).filter(o -> o.kind() == OrganisationKind.REFURBISHER);
            if (r.isEmpty()) {
                Flash.error(redirect, "equipment.rule.refurbisher");
                return "redirect:/equipment/deliveries";
            }
            siret = r.get().siret() == null ? null : r.get().siret().replace(" ", "");
        }
        String supplierName = supplier == null || supplier.isBlank() ? null : supplier.strip();
        if (supplierName != null && (supplierName.length() > 120 || supplierName.chars().anyMatch(Character::isISOControl))) {
            Flash.error(redirect, "equipment.rule.text");
            return "redirect:/equipment/deliveries";
        }
        LocalDate acquired = null;
        try {
            acquired = acquiredOn == null || acquiredOn.isBlank() ? null : LocalDate.parse(acquiredOn);
        } catch (java.time.format.DateTimeParseException e) {
            Flash.error(redirect, "equipment.rule.acquiredOn.required");
            return "redirect:/equipment/deliveries";
        }
        int warranty = stock.settings(programmes.defaultProgramme().id()).refurbishedWarrantyMonths();
        var report = deliveries.importFile(new Deliveries.Origin(found.territoryId(), found.id(), user.organisationId(),
                user.id(), s, supplierName, refurbisher, siret, acquired, warranty), file.getOriginalFilename(), file.getBytes());
        return "redirect:/equipment/deliveries/" + report.deliveryId();
    }

    record ErrorRow(int line, String columnName, String message) {
    }

    @GetMapping("/equipment/deliveries/{id}")
    String showDelivery(CurrentUser user, @PathVariable long id, @RequestParam(required = false) String page,
                        Model model) {
        TerritoryScope scope = writeScope(user);
        DeliveryRow row = figures.deliveries(scope, id).stream().findFirst().orElseThrow(NotFoundException::new);
        long counted = figures.countErrors(id, Pagination.DEFAULT_COUNT_CAP + 1);
        Pagination pagination = Pagination.of(page, 100, counted, Pagination.DEFAULT_COUNT_CAP,
                "/equipment/deliveries/" + id);
        model.addAttribute("report", row);
        model.addAttribute("pagination", pagination);
        model.addAttribute("errors", figures.errors(id, pagination.limit(), pagination.offset()));
        return "equipment/delivery";
    }

    @PostMapping("/equipment/deliveries/{id}/ready")
    String processDeliveryReady(CurrentUser user, @PathVariable long id, RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        figures.deliveries(scope, id).stream().findFirst().orElseThrow(NotFoundException::new);
        stock.readyDelivery(scope, id, user.id());
        Flash.success(redirect, "equipment.delivery.readied");
        return "redirect:/equipment/deliveries/" + id;
    }

    @GetMapping("/equipment/deliveries/{id}/rejected.csv")
    ResponseEntity<byte[]> downloadRejected(CurrentUser user, @PathVariable long id) {
        TerritoryScope scope = writeScope(user);
        figures.deliveries(scope, id).stream().findFirst().orElseThrow(NotFoundException::new);
        return csv(deliveries.rejectedRowsCsv(id), "livraison-lignes-a-corriger-" + id + ".csv");
    }

    @GetMapping("/equipment/deliveries/template.csv")
    ResponseEntity<byte[]> downloadTemplate(CurrentUser user) {
        writeScope(user);
        return csv(deliveries.template(), "modele-livraison.csv");
    }

    static ResponseEntity<byte[]> csv(String content, String name) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(content.getBytes(StandardCharsets.UTF_8));
    }

    // ---- settings (the département) ------------------------------------------------------------

    @GetMapping("/equipment/settings")
    String showSettings(CurrentUser user, Model model) {
        programmeManagerOnly(user);
        model.addAttribute("grades", stock.grades());
        model.addAttribute("settings", stock.settings(programmes.defaultProgramme().id()));
        return "equipment/settings";
    }

    @PostMapping("/equipment/settings")
    String processSettings(CurrentUser user, @RequestParam(required = false) String cap,
                           @RequestParam(required = false) String warrantyMonths, RedirectAttributes redirect) {
        programmeManagerOnly(user);
        try {
            long capCents = new java.math.BigDecimal(cap.replace(',', '.').strip()).movePointRight(2).longValueExact();
            int months = Integer.parseInt(warrantyMonths.strip());
            if (capCents < 0 || capCents > 100_000 || months < 0 || months > 120) {
                throw new NumberFormatException();
            }
            stock.saveSettings(programmes.defaultProgramme().id(), new Stock.Settings(capCents, months));
            Flash.success(redirect, "equipment.settings.saved");
        } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
            Flash.error(redirect, "equipment.settings.invalid");
        }
        return "redirect:/equipment/settings";
    }

    private static final java.util.regex.Pattern GRADE_CODE = java.util.regex.Pattern.compile("[A-Z0-9+]{1,8}");

    @PostMapping("/equipment/grades")
    String processGrade(CurrentUser user, @RequestParam(required = false) String code,
                        @RequestParam(required = false) String label, @RequestParam(required = false) String description,
                        @RequestParam(required = false) String active, RedirectAttributes redirect) {
        programmeManagerOnly(user);
        String c = code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT);
        String l = label == null ? "" : label.strip();
        String d = description == null ? "" : description.strip();
        if (!GRADE_CODE.matcher(c).matches() || l.isEmpty() || l.length() > 60 || d.isEmpty() || d.length() > 300
                || l.chars().anyMatch(Character::isISOControl) || d.chars().anyMatch(Character::isISOControl)) {
            Flash.error(redirect, "equipment.grade.invalid");
            return "redirect:/equipment/settings";
        }
        if (ForbiddenWords.found(l + " " + d)) {
            Flash.error(redirect, "equipment.grade.forbidden");
            return "redirect:/equipment/settings";
        }
        stock.saveGrade(c, l, d, active == null || "true".equals(active));
        Flash.success(redirect, "equipment.grade.saved");
        return "redirect:/equipment/settings";
    }

    private static void programmeManagerOnly(CurrentUser user) {
        if (user.role() != Role.PROGRAMME_MANAGER) {
            throw new NotFoundException();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value.strip())) {
                return e;
            }
        }
        return null;
    }

    static Long parseLong(String value) {
        if (value == null || value.isBlank() || value.length() > 18) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(Map<String, String> form, String field, Map<String, String> errors) {
        String v = form.get(field);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            errors.put(field, "equipment.rule.number");
            return null;
        }
    }
}
