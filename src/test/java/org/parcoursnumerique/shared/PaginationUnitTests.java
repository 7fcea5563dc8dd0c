package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaginationUnitTests {

    @Test
    void clampsThePageAskedForToThePagesThatExist() {
        assertThat(Pagination.of("3", 50, 120, 10_000, "/x").page()).isEqualTo(3);
        assertThat(Pagination.of("99", 50, 120, 10_000, "/x").page()).isEqualTo(3);
        assertThat(Pagination.of("0", 50, 120, 10_000, "/x").page()).isEqualTo(1);
        assertThat(Pagination.of("-2", 50, 120, 10_000, "/x").page()).isEqualTo(1);
        assertThat(Pagination.of("deux", 50, 120, 10_000, "/x").page()).isEqualTo(1);
        assertThat(Pagination.of("99999999999999999999", 50, 120, 10_000, "/x").page()).isEqualTo(1);
        assertThat(Pagination.of(null, 50, 0, 10_000, "/x")).satisfies(p -> {
            assertThat(p.page()).isEqualTo(1);
            assertThat(p.pageCount()).isEqualTo(1);
            assertThat(p.first()).isZero();
            assertThat(p.hasPages()).isFalse();
        });
        var third = Pagination.of("3", 50, 120, 10_000, "/x");
        assertThat(third.offset()).isEqualTo(100);
        assertThat(third.first()).isEqualTo(101);
        assertThat(third.last()).isEqualTo(120);
    }

    @Test
    void saysMoreThanTheCapWhenCountingStopped() {
        var p = Pagination.of("1000", 25, 10_001, 10_000, "/x");
        assertThat(p.totalCapped()).isTrue();
        assertThat(p.total()).isEqualTo(10_000);
        assertThat(p.pageCount()).isEqualTo(400);
        assertThat(p.page()).isEqualTo(400);
        assertThat(Pagination.of("1", 25, 10_000, 10_000, "/x").totalCapped()).isFalse();
    }

    @Test
    void linksKeepTheFiltersAndShowAWindowOfPageNumbers() {
        String base = Pagination.link("/referrals", "status", "ACCEPTED", "territory", null, "from", " ",
                "q", "N’Diaye & fils");
        assertThat(base).isEqualTo("/referrals?status=ACCEPTED&q=N%E2%80%99Diaye+%26+fils");
        assertThat(Pagination.of("2", 10, 200, 10_000, base).href(3)).isEqualTo(base + "&page=3");
        assertThat(Pagination.of("1", 10, 200, 10_000, "/triage").href(2)).isEqualTo("/triage?page=2");
        assertThat(Pagination.of("10", 10, 200, 10_000, "/x").numbers()).containsExactly(1, 0, 8, 9, 10, 11, 12, 0, 20);
        assertThat(Pagination.of("1", 10, 200, 10_000, "/x").numbers()).containsExactly(1, 2, 3, 0, 20);
        assertThat(Pagination.of("1", 10, 40, 10_000, "/x").numbers()).containsExactly(1, 2, 3, 4);
    }
}
