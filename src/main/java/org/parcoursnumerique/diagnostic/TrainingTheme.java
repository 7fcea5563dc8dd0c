package org.parcoursnumerique.diagnostic;

/** Themes of training a diagnostic may recommend; they accumulate over the matching rules. */
public enum TrainingTheme {
    DEVICE_BASICS, EMAIL, ONLINE_PROCEDURES, JOB_SEARCH, VIDEO_CALLS, OFFICE_TOOLS, SECURITY, ONLINE_BANKING
}
