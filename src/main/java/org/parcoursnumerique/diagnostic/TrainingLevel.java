package org.parcoursnumerique.diagnostic;

/** The level of the training or accompaniment the person should be oriented to. */
public enum TrainingLevel {
    NONE, BEGINNER, INTERMEDIATE, ADVANCED
}
