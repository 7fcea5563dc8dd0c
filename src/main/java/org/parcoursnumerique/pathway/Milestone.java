package org.parcoursnumerique.pathway;

/**
 * The milestones of a person's pathway, in the order the programme expects them. Each is recorded by
 * the stage that reaches it, at most once per person; the call's five indicators count five of them.
 */
public enum Milestone {
    REFERRED, ACCEPTED, DIAGNOSED, EQUIPPED, CONNECTED, CONNECTED_6_MONTHS, ORIENTED, TRAINING_STARTED,
    TRAINING_COMPLETED, CERTIFIED, FOLLOW_UP_3_MONTHS, FOLLOW_UP_6_MONTHS, COMPLETED, EXITED;

    /** Reached after the diagnostic, in one of the stages that follow it: the person is "en parcours". */
    public boolean afterDiagnostic() {
        return ordinal() > DIAGNOSED.ordinal() && ordinal() < COMPLETED.ordinal();
    }

    /** Message key of the milestone's French name. */
    public String labelKey() {
        return "milestone." + name();
    }

    public static boolean isCode(String code) {
        for (Milestone m : values()) {
            if (m.name().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
