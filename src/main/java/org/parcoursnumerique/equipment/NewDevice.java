package org.parcoursnumerique.equipment;

import java.time.LocalDate;

/** A device entering the stock, as typed on the form, read from a delivery row or sent to the API. */
record NewDevice(long storagePlaceId, DeviceType type, String brand, String model, Integer ramGb, Integer storageGb,
                 Double screenInches, String osName, String osVersion, String serialNumber, String imei, Source source,
                 String supplier, String orderReference, Long refurbisherId, String refurbisherSiret, String grade,
                 String wipeCertificate, Integer warrantyMonths, String donor, LocalDate acquiredOn, Long costCents,
                 Long deliveryId) {

    enum Source { PURCHASE, REFURBISHED, DONATION }
}
