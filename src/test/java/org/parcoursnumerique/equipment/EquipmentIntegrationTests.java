package org.parcoursnumerique.equipment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import javax.imageio.ImageIO;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parcoursnumerique.account.ApiTokens;
import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Flash;
import org.parcoursnumerique.shared.Role;
import org.parcoursnumerique.shared.TerritoryScope;
import org.parcoursnumerique.support.HandOffsDelivered;
import org.parcoursnumerique.support.IntegrationTest;
import org.parcoursnumerique.support.Pathways;
import org.parcoursnumerique.support.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class EquipmentIntegrationTests {

    @Autowired MockMvc mvc;
    @Autowired TestData data;
    @Autowired Pathways pathways;
    @Autowired JdbcClient jdbc;
    @Autowired Stock stock;
    @Autowired Deliveries deliveries;
    @Autowired Matching matching;
    @Autowired ApiTokens apiTokens;

    long structure;
    TestData.TestUser logistics;
    long place;
    long territory;

    @BeforeEach
    void stockOfT6() {
        territory = data.territory("T6");
        structure = data.consortiumMember("T6");
        logistics = data.user(Role.LOGISTICS_MANAGER, structure);
        place = stock.createPlace(territory, structure, TestData.unique("Local"), null);
    }

    static String serial() {
        return "SN" + Long.toString(System.nanoTime(), 36).toUpperCase() + Integer.toString(new Random().nextInt(1000));
    }

    static String imei(long seed) {
        String body = String.format("35%012d", Math.floorMod(seed, 1_000_000_000_000L));
        return body + DeviceRules.luhnDigit(body);
    }

    Deliveries.Origin origin() {
        return new Deliveries.Origin(territory, place, structure, logistics.id(), null, null, null, null, null, 24);
    }

    long readyLaptop() {
        String s = serial();
        var report = deliveries.importFile(origin(), "un.csv", ("type;marque;modele;numero_serie;imei;grade;ram_go;"
                + "stockage_go;systeme;prix_ttc;garantie_mois\nLAPTOP;Lenovo;T480;" + s + ";;B;8;256;Windows 11;149,00;24\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(report.accepted()).isEqualTo(1);
        long id = jdbc.sql("SELECT id FROM device WHERE serial_number = :s").param("s", s).query(Long.class).single();
        stock.readyDelivery(TerritoryScope.all(), report.deliveryId(), null);
        return id;
    }

    @Test
    void aDeliveryIsCheckedRowByRowAndTheSameFileAgainCreatesNothing() throws Exception {
        String a = serial();
        String b = serial();
        String csv = "type;marque;modele;numero_serie;imei;grade;ram_go;stockage_go;systeme;prix_ttc;garantie_mois\n"
                + "ordinateur portable;Lenovo;ThinkPad T480;" + a + ";;B;8;256;Windows 11;149,00;24\n"
                + "smartphone;Samsung;Galaxy A52;" + b + ";" + imei(77) + ";A;6;128;Android 14;119,90;24\n"
                + "smartphone;Samsung;Galaxy A52;" + serial() + ";356938035643808;A;6;128;Android 14;119,90;24\n"
                + "tablette;Apple;iPad;" + serial() + ";;Z;3;32;iPadOS 17;99;12\n"
                + "grille-pain;Moulinex;X;" + serial() + ";;A;;;;;\n"
                + "ordinateur portable;Lenovo;ThinkPad T480;" + a + ";;B;8;256;Windows 11;149,00;24\n"
                + "Ordinateur fixe;Dell;OptiPlex;" + serial() + ";;C;8;256;Windows 11;abc;24\n";
        // Windows-1252, as a French Excel saves it.
        byte[] file = csv.getBytes(Charset.forName("windows-1252"));
        var report = deliveries.importFile(origin(), "livraison.csv", file);
        assertThat(report.failure()).isNull();
        assertThat(report.totalRows()).isEqualTo(7);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(4);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.errors()).extracting(Deliveries.RowError::line, Deliveries.RowError::column)
                .contains(org.assertj.core.groups.Tuple.tuple(4, "imei"), org.assertj.core.groups.Tuple.tuple(5, "grade"),
                        org.assertj.core.groups.Tuple.tuple(6, "type"), org.assertj.core.groups.Tuple.tuple(7, "numero_serie"),
                        org.assertj.core.groups.Tuple.tuple(8, "prix_ttc"));
        assertThat(report.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
        String rejected = deliveries.rejectedRowsCsv(report.deliveryId());
        assertThat(rejected.lines().count()).isEqualTo(5); // header + 4 rejected rows
        assertThat(rejected).contains("356938035643808").contains("grille-pain");

        var again = deliveries.importFile(origin(), "livraison.csv", file);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM device WHERE serial_number IN (:s)").param("s", List.of(a, b))
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM equipment_transition t JOIN device d ON d.id = t.device_id "
                + "WHERE d.serial_number IN (:s)").param("s", List.of(a, b)).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anXlsxDeliveryIsReadLikeACsv() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = serial();
        try (var book = new XSSFWorkbook()) {
            var sheet = book.createSheet("Livraison");
            var header = sheet.createRow(0);
            for (int i = 0; i < Deliveries.HEADERS.size(); i++) {
                header.createCell(i).setCellValue(Deliveries.HEADERS.get(i));
            }
            var row = sheet.createRow(1);
            String[] values = {"TABLET", "Samsung", "Tab A8", s, "", "A", "3", "32", "Android 14", "89,5", "24"};
            for (int i = 0; i < values.length; i++) {
                row.createCell(i).setCellValue(values[i]);
            }
            sheet.createRow(2).createCell(0).setCellValue("SMARTPHONE");
            book.write(out);
        }
        var report = deliveries.importFile(origin(), "livraison.xlsx", out.toByteArray());
        assertThat(report.failure()).isNull();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT cost_cents FROM device WHERE serial_number = :s").param("s", s).query(Long.class).single())
                .isEqualTo(8950L);
    }

    @Test
    void generatedDeliveryFilesNeverFailAndNeverHalfWrite() {
        Random random = new Random(20261201);
        String[] cells = {"LAPTOP", "tablette", "", ";", "\"", "A", "Z", "356938035643809", "123", "-5", "1e9", "é",
                "\u0000", "=SUM(A1)", "9999999999", "Windows 11", "12,345", "ordinateur fixe"};
        for (int n = 0; n < 40; n++) {
            StringBuilder csv = new StringBuilder(n % 5 == 0 ? "" : String.join(n % 2 == 0 ? ";" : ",", Deliveries.HEADERS) + "\n");
            int rows = random.nextInt(12);
            for (int r = 0; r < rows; r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < 11; c++) {
                    row.add(c == 3 && random.nextBoolean() ? serial() : cells[random.nextInt(cells.length)]);
                }
                csv.append(String.join(n % 2 == 0 ? ";" : ",", row)).append('\n');
            }
            byte[] content = n % 7 == 0 ? randomBytes(random) : csv.toString().getBytes(StandardCharsets.UTF_8);
            var report = deliveries.importFile(origin(), "g" + n + ".csv", content);
            if (report.failure() == null) {
                assertThat(report.accepted() + report.rejected() + report.duplicates()).isEqualTo(report.totalRows());
                long written = jdbc.sql("SELECT COUNT(*) FROM device WHERE delivery_id = :d").param("d", report.deliveryId())
                        .query(Long.class).single();
                assertThat(written).isEqualTo(report.accepted());
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }

    @Test
    void aDiagnosedPersonWaitsIsReservedAndHandedOverWithASignatureAndBecomesEquipped() throws Exception {
        var person = pathways.person().in("T6").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        assertThat(matching.need(person.personId())).hasValueSatisfying(n -> {
            assertThat(n.state()).isEqualTo("WAITING");
            assertThat(n.recommendedType()).isEqualTo("LAPTOP");
        });
        String queue = mvc.perform(get("/equipment/waiting").with(logistics.login())).andReturn().getResponse()
                .getContentAsString();
        assertThat(queue).contains("/beneficiaries/" + person.personId() + "/equipment/reserve");

        long device = readyLaptop();
        var reserved = mvc.perform(post("/beneficiaries/" + person.personId() + "/equipment/reservations").with(csrf())
                .with(logistics.login()).param("deviceId", String.valueOf(device))).andReturn().getResponse();
        assertThat(reserved.getStatus()).isEqualTo(302);
        var reservation = matching.activeReservation(person.personId()).orElseThrow();
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("RESERVED");
        String page = mvc.perform(get("/beneficiaries/" + person.personId()).with(logistics.login())).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).contains("/equipment/reservations/" + reservation.id() + "/handover");

        assertThat(mvc.perform(get("/equipment/reservations/" + reservation.id() + "/handover").with(logistics.login()))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
        var handed = mvc.perform(multipart("/equipment/reservations/" + reservation.id() + "/handover").with(csrf())
                .with(logistics.login()).param("date", LocalDate.now().toString()).param("contribution", "0")
                .param("accessories", "Chargeur, housse").param("signatureMode", "DRAWN")
                .param("signature", "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png())))
                .andReturn().getResponse();
        assertThat(handed.getStatus()).isEqualTo(302);
        assertThat(handed.getRedirectedUrl()).startsWith("/equipment/handovers/");
        long handover = Long.parseLong(handed.getRedirectedUrl().substring("/equipment/handovers/".length()));
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("HANDED_OVER");
        assertThat(matching.need(person.personId()).orElseThrow().state()).isEqualTo("EQUIPPED");
        assertThat(jdbc.sql("SELECT source FROM milestone WHERE beneficiary_id = :p AND code = 'EQUIPPED'")
                .param("p", person.personId()).query(String.class).single()).isEqualTo("handover:" + handover);
        var pdf = mvc.perform(get("/equipment/handovers/" + handover + "/receipt.pdf").with(logistics.login())).andReturn()
                .getResponse();
        assertThat(pdf.getStatus()).isEqualTo(200);
        assertThat(new String(pdf.getContentAsByteArray(), 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF");
        String timeline = mvc.perform(get("/beneficiaries/" + person.personId() + "/timeline")
                .with(person.coordinator().login())).andReturn().getResponse().getContentAsString();
        assertThat(timeline).contains("remis en don");
        String export = mvc.perform(get("/beneficiaries/" + person.personId() + "/export.json")
                .with(person.coordinator().login())).andReturn().getResponse().getContentAsString();
        assertThat(export).contains("\"equipment\"").contains("Chargeur, housse");
        // The queue no longer shows the person, and a second reservation is refused.
        assertThat(mvc.perform(get("/equipment/waiting").with(logistics.login())).andReturn().getResponse()
                .getContentAsString()).doesNotContain("/beneficiaries/" + person.personId() + "/equipment/reserve");
        // A repair of the person's device, with a loan, then repaired: back to the person.
        long loan = readyLaptop();
        long cafe = data.departement();
        long repairer = jdbc.sql("SELECT id FROM organisation WHERE kind IN ('REPAIR_CAFE', 'REFURBISHER') ORDER BY id LIMIT 1")
                .query(Long.class).optional().orElseGet(() -> createRepairCafe());
        assertThat(mvc.perform(post("/equipment/devices/" + device + "/repairs").with(csrf()).with(logistics.login())
                .param("fault", "L’écran clignote").param("repairerId", String.valueOf(repairer))
                .param("loanDeviceId", String.valueOf(loan))).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("IN_REPAIR");
        assertThat(stock.get(TerritoryScope.all(), loan).status()).isEqualTo("LENT");
        long repair = jdbc.sql("SELECT id FROM equipment_repair WHERE device_id = :d").param("d", device).query(Long.class).single();
        mvc.perform(post("/equipment/repairs/" + repair + "/close").with(csrf()).with(logistics.login())
                .param("outcome", "REPAIRED").param("cost", "15,00"));
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("HANDED_OVER");
        assertThat(stock.get(TerritoryScope.all(), loan).status()).isEqualTo("READY");
        assertThat(cafe).isPositive();
    }

    /** Reserves a ready laptop for the person and hands it over today; returns {handover, device}. */
    long[] handedOverLaptop(long personId) throws Exception {
        long device = readyLaptop();
        assertThat(mvc.perform(post("/beneficiaries/" + personId + "/equipment/reservations").with(csrf())
                .with(logistics.login()).param("deviceId", String.valueOf(device))).andReturn().getResponse()
                .getStatus()).isEqualTo(302);
        long reservation = matching.activeReservation(personId).orElseThrow().id();
        var handed = mvc.perform(multipart("/equipment/reservations/" + reservation + "/handover").with(csrf())
                .with(logistics.login()).param("date", LocalDate.now().toString()).param("contribution", "0")
                .param("signatureMode", "DRAWN")
                .param("signature", "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png())))
                .andReturn().getResponse();
        assertThat(handed.getRedirectedUrl()).startsWith("/equipment/handovers/");
        return new long[] {Long.parseLong(handed.getRedirectedUrl().substring("/equipment/handovers/".length())), device};
    }

    @Test
    void aDeviceGivenBackReturnsToStockAndThePersonStaysEquipped() throws Exception {
        var person = pathways.person().in("T6").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        long[] handed = handedOverLaptop(person.personId());
        long handover = handed[0];
        long device = handed[1];
        String page = mvc.perform(get("/equipment/handovers/" + handover).with(logistics.login())).andReturn()
                .getResponse().getContentAsString();
        assertThat(page).contains("/equipment/handovers/" + handover + "/return");

        // Staff of another territory cannot see nor end it; a date before the handover or in the future is refused.
        var other = data.user(Role.LOGISTICS_MANAGER, data.consortiumMember("T8"));
        assertThat(mvc.perform(post("/equipment/handovers/" + handover + "/return").with(csrf()).with(other.login())
                .param("returnedOn", LocalDate.now().toString())).andReturn().getResponse().getStatus()).isEqualTo(404);
        for (String wrong : List.of(LocalDate.now().plusDays(1).toString(), LocalDate.now().minusDays(1).toString(),
                "31/02/2026", "2026-02-31", "x".repeat(400))) {
            var refused = mvc.perform(post("/equipment/handovers/" + handover + "/return").with(csrf())
                    .with(logistics.login()).param("returnedOn", wrong)).andReturn();
            assertThat(refused.getResponse().getStatus()).isEqualTo(302);
            assertThat(refused.getFlashMap().get(Flash.ATTRIBUTE))
                    .isEqualTo(new Flash(Flash.Severity.ERROR, "equipment.handover.return.date"));
        }
        var tooLong = mvc.perform(post("/equipment/handovers/" + handover + "/return").with(csrf()).with(logistics.login())
                .param("note", "x".repeat(301))).andReturn();
        assertThat(tooLong.getFlashMap().get(Flash.ATTRIBUTE))
                .isEqualTo(new Flash(Flash.Severity.ERROR, "equipment.handover.return.note"));
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("HANDED_OVER");

        var given = mvc.perform(post("/equipment/handovers/" + handover + "/return").with(csrf()).with(logistics.login())
                .param("returnedOn", LocalDate.now().toString()).param("note", "Déménage en province")).andReturn();
        assertThat(given.getFlashMap().get(Flash.ATTRIBUTE)).isEqualTo(
                new Flash(Flash.Severity.SUCCESS, "equipment.handover.returned"));
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("RETURNED");
        assertThat(jdbc.sql("SELECT ended_reason FROM equipment_handover WHERE id = :h").param("h", handover)
                .query(String.class).single()).isEqualTo("RETURNED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM milestone WHERE beneficiary_id = :p AND code = 'EQUIPPED'")
                .param("p", person.personId()).query(Long.class).single()).isEqualTo(1);
        String timeline = mvc.perform(get("/beneficiaries/" + person.personId() + "/timeline")
                .with(person.coordinator().login())).andReturn().getResponse().getContentAsString();
        assertThat(timeline).contains("rendu par la personne");
        // Once ended, the form is gone and a second return (a double click) is told clearly.
        assertThat(mvc.perform(get("/equipment/handovers/" + handover).with(logistics.login())).andReturn().getResponse()
                .getContentAsString()).doesNotContain("/equipment/handovers/" + handover + "/return");
        var again = mvc.perform(post("/equipment/handovers/" + handover + "/return").with(csrf()).with(logistics.login())
                .param("returnedOn", LocalDate.now().toString())).andReturn();
        assertThat(again.getFlashMap().get(Flash.ATTRIBUTE))
                .isEqualTo(new Flash(Flash.Severity.ERROR, "equipment.handover.return.ended"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM equipment_transition WHERE device_id = :d AND to_status = 'RETURNED'")
                .param("d", device).query(Long.class).single()).isEqualTo(1);
    }

    @Autowired org.parcoursnumerique.organisation.Organisations organisations;

    long createRepairCafe() {
        return organisations.create(new org.parcoursnumerique.organisation.Organisations.NewOrganisation(
                org.parcoursnumerique.organisation.OrganisationKind.REPAIR_CAFE, TestData.unique("Repair café"), null, null,
                false, "ASSOCIATION", null, null, null, List.of()));
    }

    @Test
    void twoReservationsOfOneDeviceAtOnceOneWinsTheOtherIsToldClearly() throws Exception {
        var first = pathways.person().in("T6").diagnosedFarFromDigital();
        var second = pathways.person().in("T6").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        long device = readyLaptop();
        var caller = Caller.of(org.parcoursnumerique.shared.CurrentUser.class.cast(currentUser(logistics)));
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<String>> tasks = List.of(first.personId(), second.personId()).stream().<Callable<String>>map(p -> () -> {
            start.await();
            try {
                matching.reserve(caller, p, device);
                return "ok";
            } catch (ConflictException e) {
                return e.messageKey();
            }
        }).toList();
        var pool = Executors.newFixedThreadPool(2);
        var futures = tasks.stream().map(pool::submit).toList();
        start.countDown();
        List<String> results = new ArrayList<>();
        for (var f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        assertThat(results).containsExactlyInAnyOrder("ok", "equipment.reserve.taken");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM equipment_reservation WHERE device_id = :d").param("d", device)
                .query(Long.class).single()).isEqualTo(1);
    }

    private org.parcoursnumerique.shared.CurrentUser currentUser(TestData.TestUser user) {
        return new org.parcoursnumerique.shared.CurrentUser(user.id(), user.email(), "Logistique", user.organisationId(),
                "Structure", Role.LOGISTICS_MANAGER, territory);
    }

    @Test
    void staffOfAnotherTerritoryFindNothing() throws Exception {
        long device = readyLaptop();
        var other = data.user(Role.LOGISTICS_MANAGER, data.consortiumMember("T8"));
        assertThat(mvc.perform(get("/equipment/devices/" + device).with(other.login())).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        var person = pathways.person().in("T6").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        assertThat(mvc.perform(post("/beneficiaries/" + person.personId() + "/equipment/reservations").with(csrf())
                .with(other.login()).param("deviceId", String.valueOf(device))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(stock.get(TerritoryScope.all(), device).status()).isEqualTo("READY");
        var prescriber = data.prescriberUser("T6");
        assertThat(mvc.perform(get("/equipment").with(prescriber.login())).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void theApiOfALogisticsTokenReservesAndHandsOverInItsTerritoryOnly() throws Exception {
        String token = "pn_equip_" + System.nanoTime();
        apiTokens.store(structure, "logistique", token, null);
        var person = pathways.person().in("T6").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        long device = readyLaptop();
        var devices = mvc.perform(get("/api/v1/equipment/devices?status=READY&type=LAPTOP")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse();
        assertThat(devices.getStatus()).isEqualTo(200);
        assertThat(devices.getContentAsString()).contains("\"id\":" + device);
        var waiting = mvc.perform(get("/api/v1/equipment/waiting?size=100")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse();
        assertThat(waiting.getStatus()).isEqualTo(200);
        assertThat(waiting.getContentAsString()).doesNotContain("lastName");
        var reservation = mvc.perform(post("/api/v1/equipment/reservations").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"personId\": " + person.personId() + ", \"deviceId\": " + device + "}")).andReturn().getResponse();
        assertThat(reservation.getStatus()).isEqualTo(201);
        var again = mvc.perform(post("/api/v1/equipment/reservations").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"personId\": " + person.personId() + ", \"deviceId\": " + device + "}")).andReturn().getResponse();
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.getContentType()).startsWith("application/problem+json");
        var handover = mvc.perform(post("/api/v1/equipment/handovers").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"personId\": " + person.personId() + ", \"deviceId\": "
                        + device + ", \"contributionCents\": 0, \"signedOnPaper\": true}")).andReturn().getResponse();
        assertThat(handover.getStatus()).isEqualTo(201);
        assertThat(handover.getContentAsString()).contains("receipt.pdf");
        String receipt = handover.getContentAsString().replaceAll(".*\"receipt\":\"([^\"]+)\".*", "$1");
        var pdf = mvc.perform(get(receipt).header("Authorization", "Bearer " + token)).andReturn().getResponse();
        assertThat(pdf.getStatus()).isEqualTo(200);
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");

        // A person of another territory is not found for this token; nothing is written.
        var elsewhere = pathways.person().in("T8").diagnosedFarFromDigital();
        HandOffsDelivered.await(jdbc);
        long device2 = readyLaptop();
        assertThat(mvc.perform(post("/api/v1/equipment/reservations").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"personId\": " + elsewhere.personId() + ", \"deviceId\": " + device2 + "}")).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(stock.get(TerritoryScope.all(), device2).status()).isEqualTo("READY");
    }

    @Test
    void generatedApiBodiesAreAnsweredWithoutServerErrorsAndWriteNothingHalf() throws Exception {
        String token = "pn_equip_g_" + System.nanoTime();
        apiTokens.store(structure, "logistique", token, null);
        long device = readyLaptop();
        Random random = new Random(42);
        String[] values = {"1", "-1", "0", "null", "\"x\"", "true", "9999999999999", "[]", "{}", "1.5",
                String.valueOf(device), "\"" + "é".repeat(2000) + "\""};
        String[] fields = {"personId", "deviceId", "contributionCents", "signedOnPaper", "fault", "repairerOrganisationId",
                "paymentMode", "receiptNumber", "unknown"};
        String[] routes = {"/api/v1/equipment/reservations", "/api/v1/equipment/handovers", "/api/v1/equipment/repairs"};
        for (int n = 0; n < 150; n++) {
            StringBuilder body = new StringBuilder("{");
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append('"').append(fields[random.nextInt(fields.length)]).append("\":")
                        .append(values[random.nextInt(values.length)]);
            }
            body.append(n % 11 == 0 ? "" : "}");
            var response = mvc.perform(post(routes[n % routes.length]).header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).content(body.toString())).andReturn().getResponse();
            assertThat(response.getStatus()).as(body.toString()).isLessThan(500);
            if (response.getStatus() >= 400) {
                assertThat(response.getContentType()).as(body.toString()).startsWith("application/problem+json");
            }
        }
        for (String query : List.of("?status=NOPE", "?type=TOASTER", "?page=-3&size=100000", "?page=abc")) {
            assertThat(mvc.perform(get("/api/v1/equipment/devices" + query).header("Authorization", "Bearer " + token))
                    .andReturn().getResponse().getStatus()).as(query).isLessThan(500);
        }
        var upload = mvc.perform(multipart("/api/v1/equipment/deliveries").file(new MockMultipartFile("file", "x.csv",
                "text/csv", "type;marque\nLAPTOP;Dell\n".getBytes(StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)).andReturn().getResponse();
        assertThat(upload.getStatus()).isEqualTo(200);
        assertThat(upload.getContentAsString()).contains("\"accepted\":0").contains("failure");
        assertThat(stock.get(TerritoryScope.all(), device).status()).isIn("READY", "RESERVED", "HANDED_OVER");
    }

    static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(300, 100, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawLine(10, 80, 120, 20);
        g.drawLine(120, 20, 280, 70);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
