package org.parcoursnumerique.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parcoursnumerique.programme.Programmes;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The centres of the département's communes ({@code reference/training/communes-93-centres.csv}),
 * joined to the programme's communes (names, territories, merges): where a person lives, for the
 * distance to an offer, and the fallback position of an offer whose file gives no usable
 * coordinates. Forty rows, kept in memory.
 */
@Component
class CommuneCentres {

    record Centre(String inseeCode, String name, long territoryId, double latitude, double longitude) {
    }

    private final Programmes programmes;
    private volatile Map<String, Centre> centres;

    CommuneCentres(Programmes programmes) {
        this.programmes = programmes;
    }

    Optional<Centre> of(String inseeCode) {
        return inseeCode == null ? Optional.empty() : Optional.ofNullable(all().get(inseeCode));
    }

    /** The current communes (not merged away), by name. */
    List<Centre> list() {
        return all().values().stream().sorted(Comparator.comparing(Centre::name)).toList();
    }

    private Map<String, Centre> all() {
        Map<String, Centre> loaded = centres;
        if (loaded == null) {
            Map<String, double[]> positions = read();
            Map<String, Centre> map = new HashMap<>();
            for (var c : programmes.communes()) {
                double[] p = positions.get(c.inseeCode());
                if (p != null && c.mergedInto() == null) {
                    map.put(c.inseeCode(), new Centre(c.inseeCode(), c.name(), c.territoryId(), p[0], p[1]));
                }
            }
            // A commune merged into another one takes the centre of the one it joined.
            for (var c : programmes.communes()) {
                if (c.mergedInto() != null && map.containsKey(c.mergedInto())) {
                    Centre into = map.get(c.mergedInto());
                    double[] p = positions.getOrDefault(c.inseeCode(), new double[] {into.latitude(), into.longitude()});
                    map.put(c.inseeCode(), new Centre(c.inseeCode(), c.name(), into.territoryId(), p[0], p[1]));
                }
            }
            centres = loaded = Map.copyOf(map);
        }
        return loaded;
    }

    private static Map<String, double[]> read() {
        Map<String, double[]> positions = new HashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(
                new ClassPathResource("reference/training/communes-93-centres.csv").getInputStream(), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(";");
                if (f.length == 3) {
                    positions.put(f[0].strip(), new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return positions;
    }

    /** Distance in kilometres, equirectangular: exact enough within a département. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double kx = 111.32 * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        double dx = (lon2 - lon1) * kx;
        double dy = (lat2 - lat1) * 110.57;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
