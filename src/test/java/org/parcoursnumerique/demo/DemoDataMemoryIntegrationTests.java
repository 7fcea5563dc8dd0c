package org.parcoursnumerique.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parcoursnumerique.ParcoursNumeriqueApplication;
import org.parcoursnumerique.support.RequiresPostgres;
import org.parcoursnumerique.support.TestDatabases;

/**
 * The demo loader runs in constant memory: 50 000 people, their referrals and the diagnostics of
 * the diagnosed ones load into PostgreSQL in a separate JVM whose heap is capped well below what
 * holding them all would take (the loader that kept every diagnosed person and every answer row in
 * lists ran out of heap here, as it did at 1 000 000 people with 4 GiB).
 */
@ExtendWith(RequiresPostgres.class)
class DemoDataMemoryIntegrationTests {

    static final int PEOPLE = 50_000;
    static final String MAX_HEAP = "-Xmx112m";

    @Test
    void loadsFiftyThousandPeopleWithTheirDiagnosticsInASmallHeap() throws Exception {
        String url = TestDatabases.fresh("demo_memory");
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-cp", System.getProperty("java.class.path"), ParcoursNumeriqueApplication.class.getName(),
                "--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabases.USER,
                "--spring.datasource.password=" + TestDatabases.PASSWORD,
                "--parcours.demo.enabled=true",
                "--parcours.demo.beneficiaries=" + PEOPLE,
                "--parcours.outbox.initial-delay=PT1H",
                "--logging.level.root=WARN",
                "--logging.level.org.parcoursnumerique.demo=INFO"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        String loaded = null;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                if (line.contains("Demo data loaded")) {
                    loaded = line;
                    break;
                }
            }
        } catch (IOException e) {
            // The process ended: its output says why.
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(loaded).as("end of the loader's output:%n%s",
                String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())))
                .isNotNull()
                .contains("Demo data loaded: " + PEOPLE + " beneficiaries");
        int diagnostics = Integer.parseInt(loaded.replaceAll(".* beneficiaries, (\\d+) diagnostics.*", "$1"));
        assertThat(diagnostics).isGreaterThan(PEOPLE / 2);
    }
}
