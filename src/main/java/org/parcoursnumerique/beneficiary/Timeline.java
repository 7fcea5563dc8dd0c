package org.parcoursnumerique.beneficiary;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.parcoursnumerique.account.Accounts;
import org.parcoursnumerique.organisation.Organisations;
import org.parcoursnumerique.shared.CurrentUser;
import org.parcoursnumerique.shared.PageContext;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TimelineContributor;
import org.parcoursnumerique.shared.TimelineEntry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A person's timeline: the entries of every module ({@link TimelineContributor}), newest first, with
 * the names of who did what resolved once for all entries (one query for users, one for
 * organisations). Each contributor runs its own one or two queries, so a timeline costs a fixed number
 * of queries whatever its length (ADR 0016). For the staff who follow people; never for prescribers,
 * who see the milestones of the people they referred on their referral's page instead.
 */
@Service
public class Timeline {

    /** Entries on the person's page; the rest on the timeline's own page. */
    public static final int SECTION_SIZE = 20;
    /** The timeline's own page shows this many at most (a person has a few dozen in a whole pathway). */
    public static final int PAGE_SIZE = 1000;

    /** An entry as shown: the texts in French, the names resolved. */
    public record Item(OffsetDateTime at, boolean dayOnly, String category, String text, String who, String link) {

        /** The machine-readable value of the {@code <time>} element. */
        public String datetime() {
            return dayOnly ? DateTimeFormatter.ISO_LOCAL_DATE.format(at.atZoneSameInstant(PageContext.ZONE))
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZoneSameInstant(PageContext.ZONE).toOffsetDateTime());
        }
    }

    /** The newest entries, and whether older ones were left out. */
    public record View(long beneficiaryId, List<Item> items, boolean more) {
    }

    private final ObjectProvider<TimelineContributor> contributors;
    private final Accounts accounts;
    private final Organisations organisations;

    Timeline(ObjectProvider<TimelineContributor> contributors, Accounts accounts, Organisations organisations) {
        this.contributors = contributors;
        this.accounts = accounts;
        this.organisations = organisations;
    }

    /** The staff who read people's files see their timeline; prescribers and the others never do. */
    public static boolean shownTo(CurrentUser viewer) {
        return viewer != null && viewer.role().readsPersonalData() && viewer.role() != Role.PRESCRIBER;
    }

    /**
     * The newest {@code limit} entries of a person already found in {@code viewer}'s scope (the caller
     * audits the read); empty for a viewer who does not see timelines.
     */
    public View of(PageContext ctx, CurrentUser viewer, long beneficiaryId, int limit) {
        if (!shownTo(viewer)) {
            return new View(beneficiaryId, List.of(), false);
        }
        List<TimelineEntry> all = new ArrayList<>();
        // One more than shown from each, so that we know whether older entries exist.
        contributors.orderedStream().forEach(c -> all.addAll(c.entries(viewer, beneficiaryId, limit + 1)));
        all.sort(Comparator.comparing(TimelineEntry::at).reversed());
        boolean more = all.size() > limit;
        List<TimelineEntry> shown = more ? all.subList(0, limit) : all;

        Set<Long> userIds = new HashSet<>();
        Set<Long> organisationIds = new HashSet<>();
        for (TimelineEntry e : shown) {
            if (e.who().userId() != null) {
                userIds.add(e.who().userId());
            }
            if (e.who().organisationId() != null) {
                organisationIds.add(e.who().organisationId());
            }
            for (Object arg : e.args().stream().flatMap(a -> a instanceof List<?> l ? l.stream() : java.util.stream.Stream.of(a)).toList()) {
                if (arg instanceof TimelineEntry.UserName u) {
                    userIds.add(u.id());
                } else if (arg instanceof TimelineEntry.OrganisationName o) {
                    organisationIds.add(o.id());
                }
            }
        }
        Map<Long, Accounts.UserName> users = accounts.names(userIds);
        Map<Long, String> orgs = organisations.names(organisationIds);
        List<Item> items = shown.stream().map(e -> new Item(e.at(), e.dayOnly(), e.category(),
                ctx.t(e.textKey(), e.args().stream().map(a -> argument(ctx, a, users, orgs)).toArray()),
                who(ctx, e.who(), users, orgs), e.link())).toList();
        return new View(beneficiaryId, items, more);
    }

    private static Object argument(PageContext ctx, Object arg, Map<Long, Accounts.UserName> users,
                                   Map<Long, String> orgs) {
        if (arg instanceof TimelineEntry.Label l) {
            return ctx.t(l.key());
        } else if (arg instanceof TimelineEntry.UserName u) {
            var user = users.get(u.id());
            return user == null ? ctx.t("timeline.who.unknown") : user.displayName();
        } else if (arg instanceof TimelineEntry.OrganisationName o) {
            return orgs.getOrDefault(o.id(), ctx.t("timeline.who.unknown"));
        } else if (arg instanceof java.time.LocalDate d) {
            return ctx.date(d);
        } else if (arg instanceof OffsetDateTime t) {
            return ctx.dateTime(t);
        } else if (arg instanceof List<?> list) {
            return String.join(", ", list.stream().map(a -> String.valueOf(argument(ctx, a, users, orgs))).toList());
        }
        return arg == null ? "" : arg;
    }

    private static String who(PageContext ctx, TimelineEntry.Actor actor, Map<Long, Accounts.UserName> users,
                              Map<Long, String> orgs) {
        Accounts.UserName user = actor.userId() == null ? null : users.get(actor.userId());
        return switch (actor.kind()) {
            case USER -> user == null ? ctx.t("timeline.who.unknown")
                    : ctx.t("timeline.who.user", user.displayName(), user.organisationName());
            case ORGANISATION -> orgs.getOrDefault(actor.organisationId(), ctx.t("timeline.who.unknown"));
            case PERSON -> user == null ? ctx.t("timeline.who.person")
                    : ctx.t("timeline.who.personRecordedBy", user.displayName(), user.organisationName());
            case PLATFORM -> ctx.t("timeline.who.platform");
        };
    }
}
