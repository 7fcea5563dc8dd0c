package org.parcoursnumerique.certification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.parcoursnumerique.shared.ConflictException;
import org.parcoursnumerique.shared.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The kinds of certification, as data ({@code certification_kind}): how a result is given (a score
 * and levels, a result per competence, passed or failed), the levels' thresholds, the pattern of the
 * verification code. Pix and CléA numérique come with the migration; an administrator adds others.
 */
@Service
class CertificationKinds {

    static final String PIX = "PIX";

    enum ResultType { SCORE, COMPETENCES, PASS_FAIL }

    record Competence(String code, String label) {
    }

    record Kind(String code, String name, String issuer, ResultType resultType, Integer scoreMax,
                List<Integer> thresholds, Integer passScore, String codePattern, boolean active,
                List<Competence> competences) {

        /**
         * The level of a score: the number of thresholds it reaches (Pix: 0 below 64, 1 from 64, …, 8
         * from 896), null for a kind without levels.
         */
        Integer level(Integer score) {
            if (score == null || thresholds.isEmpty()) {
                return null;
            }
            int level = 0;
            for (int t : thresholds) {
                if (score >= t) {
                    level++;
                }
            }
            return level;
        }

        /** Whether a verification code has the documented shape (any code when the kind has no pattern). */
        boolean validCode(String code) {
            return codePattern == null || (code != null && Pattern.matches(codePattern, code));
        }

        boolean passes(int score) {
            return passScore != null && score >= passScore;
        }

        int maxLevel() {
            return thresholds.size();
        }
    }

    /** What an administrator typed for a new kind. */
    record NewKind(String name, String issuer, String resultType) {
    }

    private final JdbcClient jdbc;

    CertificationKinds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Kind> all() {
        var rows = jdbc.sql("""
                SELECT code, name, issuer, result_type, score_max, level_thresholds, pass_score, code_pattern, active
                FROM certification_kind ORDER BY position, name""")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5, Integer.class), rs.getString(6), (Integer) rs.getObject(7, Integer.class),
                        rs.getString(8), rs.getBoolean(9)})
                .list();
        List<Kind> kinds = new ArrayList<>();
        for (Object[] r : rows) {
            String code = (String) r[0];
            kinds.add(new Kind(code, (String) r[1], (String) r[2], ResultType.valueOf((String) r[3]), (Integer) r[4],
                    thresholds((String) r[5]), (Integer) r[6], (String) r[7], (Boolean) r[8], competences(code)));
        }
        return kinds;
    }

    List<Kind> active() {
        return all().stream().filter(Kind::active).toList();
    }

    Optional<Kind> find(String code) {
        return all().stream().filter(k -> k.code().equals(code)).findFirst();
    }

    Kind pix() {
        return find(PIX).orElseThrow();
    }

    List<Competence> competences(String kindCode) {
        return jdbc.sql("SELECT code, label FROM certification_competence WHERE kind_code = :kind ORDER BY position")
                .param("kind", kindCode).query(Competence.class).list();
    }

    static List<Integer> thresholds(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    /**
     * Checks a list of thresholds typed by an administrator: whole numbers, increasing, under the top
     * of the scale. Returns the message key of the problem, or null.
     */
    static String checkThresholds(String text, Integer scoreMax) {
        List<Integer> list;
        try {
            list = thresholds(text);
        } catch (NumberFormatException e) {
            return "certification.kind.thresholds.invalid";
        }
        if (list.isEmpty() || list.size() > 20) {
            return "certification.kind.thresholds.invalid";
        }
        int previous = 0;
        for (int t : list) {
            if (t <= previous || (scoreMax != null && t > scoreMax)) {
                return "certification.kind.thresholds.invalid";
            }
            previous = t;
        }
        return null;
    }

    static boolean validPattern(String pattern) {
        try {
            Pattern.compile(pattern);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** Adds a kind (passed or failed only, or a result per competence without competences yet). */
    @Transactional
    String add(NewKind k) {
        String name = k.name() == null ? "" : k.name().strip();
        String issuer = k.issuer() == null ? "" : k.issuer().strip();
        String code = Names.compact(name).toUpperCase();
        if (code.length() > 30) {
            code = code.substring(0, 30);
        }
        if (code.isEmpty()) {
            throw new ConflictException("certification.kind.name.required");
        }
        if (find(code).isPresent()) {
            throw new ConflictException("certification.kind.exists");
        }
        int position = jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM certification_kind").query(Integer.class).single();
        jdbc.sql("""
                INSERT INTO certification_kind (code, name, issuer, result_type, position)
                VALUES (:code, :name, :issuer, :type, :position)""")
                .param("code", code).param("name", name).param("issuer", issuer).param("type", k.resultType())
                .param("position", position).update();
        return code;
    }

    /** Changes the Pix-like levels of a kind with a score. */
    @Transactional
    void changeThresholds(String code, String thresholds, int passScore) {
        jdbc.sql("UPDATE certification_kind SET level_thresholds = :t, pass_score = :p WHERE code = :code AND result_type = 'SCORE'")
                .param("t", String.join(",", thresholds(thresholds).stream().map(String::valueOf).toList()))
                .param("p", passScore).param("code", code).update();
    }
}
