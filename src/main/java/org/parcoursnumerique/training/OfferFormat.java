package org.parcoursnumerique.training;

import java.util.Optional;

/** The file formats offers are imported from, with the code the API and the form use. */
enum OfferFormat {
    LIEUX_V1("lieux-v1", "|"), LIEUX_V0("lieux-v0", ";"), DATA_INCLUSION("data-inclusion", null);

    final String code;
    /** Separator of multiple values in one CSV cell (the JSON form of data·inclusion uses arrays). */
    final String separator;

    OfferFormat(String code, String separator) {
        this.code = code;
        this.separator = separator;
    }

    static Optional<OfferFormat> ofCode(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        for (OfferFormat f : values()) {
            if (f.code.equalsIgnoreCase(code.strip())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
