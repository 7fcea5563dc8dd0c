package org.parcoursnumerique.connection;

import java.util.Map;
import java.util.stream.Collectors;

import org.parcoursnumerique.programme.Programmes;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.FormErrors;
import org.parcoursnumerique.shared.Names;
import org.parcoursnumerique.shared.NotFoundException;
import org.parcoursnumerique.shared.TerritoryScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The territory's connection offers: listed for its staff, created and changed by its coordination
 * and logistics and by the département (ADR 0033).
 */
@Controller
class OfferController {

    static final int NAME_MAX = 120;

    record OfferForm(Long territoryId, String kind, String name, String operator, String monthlyPrice,
                     String programmeShare, String active) {
    }

    private final Offers offers;
    private final Programmes programmes;

    OfferController(Offers offers, Programmes programmes) {
        this.offers = offers;
        this.programmes = programmes;
    }

    @GetMapping("/connection/offers")
    String listOffers(CurrentUser user, Model model) {
        TerritoryScope scope = readScope(user);
        model.addAttribute("offers", offers.list(scope, false));
        model.addAttribute("territories", territoryNames());
        model.addAttribute("canWrite", !TerritoryScope.toWrite(user).isNone());
        return "connection/offers";
    }

    @GetMapping("/connection/offers/new")
    String initOfferForm(CurrentUser user, Model model) {
        TerritoryScope scope = writeScope(user);
        return form(model, scope, null, new OfferForm(scope.territoryId(), OfferKind.DATA_SIM.name(), "", "", "", "", "true"),
                FormErrors.none());
    }

    @PostMapping("/connection/offers")
    String processNewOffer(CurrentUser user, @ModelAttribute("form") OfferForm form, BindingResult result, Model model,
                           RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        Long territory = scope.territoryId() != null ? scope.territoryId() : form.territoryId();
        if (territory == null || !scope.includes(territory)
                || programmes.territories().stream().noneMatch(t -> t.id() == territory)) {
            result.rejectValue("territoryId", "connection.offer.territory.required");
        }
        Offers.OfferChange change = check(form, territory, result);
        if (!result.hasErrors()) {
            try {
                offers.create(scope, user.id(), change);
                Flash.success(redirect, "connection.offer.created");
                return "redirect:/connection/offers";
            } catch (ConflictException e) {
                result.rejectValue("name", e.messageKey());
            }
        }
        return form(model, scope, null, form, FormErrors.of(result));
    }

    @GetMapping("/connection/offers/{id}")
    String initOfferEditForm(CurrentUser user, @PathVariable long id, Model model) {
        TerritoryScope scope = writeScope(user);
        var o = offers.find(scope, id).orElseThrow(NotFoundException::new);
        return form(model, scope, o, new OfferForm(o.territoryId(), o.kind().name(), o.name(), o.operator(),
                Euros.typed(o.monthlyPriceCents()), Euros.typed(o.programmeShareCents()), o.active() ? "true" : null), FormErrors.none());
    }

    @PostMapping("/connection/offers/{id}")
    String processOfferEditForm(CurrentUser user, @PathVariable long id, @ModelAttribute("form") OfferForm form,
                                BindingResult result, Model model, RedirectAttributes redirect) {
        TerritoryScope scope = writeScope(user);
        var o = offers.find(scope, id).orElseThrow(NotFoundException::new);
        Offers.OfferChange change = check(form, o.territoryId(), result);
        if (!result.hasErrors()) {
            try {
                offers.update(scope, user.id(), id, change);
                Flash.success(redirect, "connection.offer.updated");
                return "redirect:/connection/offers";
            } catch (ConflictException e) {
                result.rejectValue("name", e.messageKey());
            }
        }
        return form(model, scope, o, form, FormErrors.of(result));
    }

    private Offers.OfferChange check(OfferForm form, Long territory, BindingResult result) {
        OfferKind kind = null;
        for (OfferKind k : OfferKind.values()) {
            if (k.name().equals(form.kind())) {
                kind = k;
            }
        }
        if (kind == null) {
            result.rejectValue("kind", "connection.offer.kind.required");
        }
        String name = Names.freeText(form.name());
        if (name == null) {
            result.rejectValue("name", "connection.offer.name.required");
        } else if (name.length() > NAME_MAX || !Names.isCleanText(name, false)) {
            result.rejectValue("name", "connection.offer.name.invalid", new Object[] {NAME_MAX}, null);
        }
        String operator = Names.freeText(form.operator());
        if (operator == null) {
            result.rejectValue("operator", "connection.line.operator.required");
        } else if (operator.length() > Lines.OPERATOR_MAX || !Names.isCleanText(operator, false)) {
            result.rejectValue("operator", "connection.line.operator.invalid", new Object[] {Lines.OPERATOR_MAX}, null);
        }
        Integer price = Euros.cents(form.monthlyPrice());
        if (price == null || price > Lines.AMOUNT_MAX_CENTS) {
            result.rejectValue("monthlyPrice", "connection.offer.price.invalid", new Object[] {Lines.AMOUNT_MAX_CENTS / 100}, null);
        }
        Integer share = Euros.cents(form.programmeShare());
        if (share == null || share > Lines.AMOUNT_MAX_CENTS) {
            result.rejectValue("programmeShare", "connection.offer.price.invalid", new Object[] {Lines.AMOUNT_MAX_CENTS / 100}, null);
        } else if (price != null && share > price) {
            result.rejectValue("programmeShare", "connection.offer.share.aboveprice");
        }
        if (result.hasErrors()) {
            return null;
        }
        return new Offers.OfferChange(territory, kind, name, operator, price, share, "true".equals(form.active()));
    }

    private String form(Model model, TerritoryScope scope, Offers.Offer offer, OfferForm form, FormErrors errors) {
        model.addAttribute("offer", offer);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", OfferKind.values());
        model.addAttribute("chooseTerritory", offer == null && scope.territoryId() == null);
        model.addAttribute("territories", programmes.territories());
        return "connection/offerForm";
    }

    private Map<Long, String> territoryNames() {
        return programmes.territories().stream()
                .collect(Collectors.toMap(Programmes.Territory::id, t -> t.code() + " " + t.name()));
    }

    private static TerritoryScope readScope(CurrentUser user) {
        if (!LineViews.reads(user)) {
            throw new NotFoundException();
        }
        return TerritoryScope.toRead(user);
    }

    private static TerritoryScope writeScope(CurrentUser user) {
        TerritoryScope scope = TerritoryScope.toWrite(user);
        if (scope.isNone()) {
            throw new NotFoundException();
        }
        return scope;
    }
}
