package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.parcoursnumerique.beneficiary.BeneficiaryStatus;
import org.parcoursnumerique.referral.ReferralStatus;

class BadgesUnitTests {

    @Test
    void statusesHaveTonesByMeaning() {
        assertThat(Badges.css("status.DIAGNOSED")).isEqualTo("badge badge-success");
        assertThat(Badges.css("status.REFERRED")).isEqualTo("badge badge-warning");
        assertThat(Badges.css("referralStatus.REFUSED")).isEqualTo("badge badge-danger");
        assertThat(Badges.css("appointmentStatus.SCHEDULED")).isEqualTo("badge badge-info");
        assertThat(Badges.css("referralStatus.WITHDRAWN")).isEqualTo("badge badge-neutral");
        assertThat(Badges.css("something.unknown")).isEqualTo("badge badge-neutral");
    }

    @Test
    void everyStatusOfThePersonAndOfAReferralIsGivenATone() throws Exception {
        Properties messages = MessagesUnitTests.messages();
        List<String> keys = new ArrayList<>();
        for (BeneficiaryStatus s : BeneficiaryStatus.values()) {
            keys.add("status." + s.name());
        }
        for (ReferralStatus s : ReferralStatus.values()) {
            keys.add("referralStatus." + s.name());
        }
        // A status added later must be placed deliberately, not fall into "neutral" by accident.
        assertThat(keys).allSatisfy(key -> {
            assertThat(messages).containsKey(key);
            assertThat(Badges.placed(key)).as("tone chosen for %s", key).isTrue();
        });
        long tones = keys.stream().map(Badges::tone).distinct().count();
        assertThat(tones).as("distinct tones among the statuses").isGreaterThanOrEqualTo(4);
    }
}
