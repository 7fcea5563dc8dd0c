package org.parcoursnumerique.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the SMS provider: {@code parcours.sms.provider=http} in production, {@code log} otherwise. */
@Configuration
class SmsConfig {

    private static final Logger log = LoggerFactory.getLogger(SmsConfig.class);

    @Bean
    SmsSender smsSender(@Value("${parcours.sms.provider:log}") String provider,
                        @Value("${parcours.sms.http.url:}") String url,
                        @Value("${parcours.sms.http.api-key:}") String apiKey,
                        @Value("${parcours.sms.sender:Parcours}") String sender) {
        if ("http".equals(provider)) {
            if (url.isBlank() || apiKey.isBlank()) {
                throw new IllegalStateException("parcours.sms.provider=http needs parcours.sms.http.url and api-key");
            }
            return new HttpSmsSender(url, apiKey, sender);
        }
        // Demo and development: nothing is sent; the log says that a message would have left, never
        // its text (it may name the person and where they are expected).
        return (number, text) -> log.info("SMS (not sent, provider=log) to {}: {} characters", mask(number),
                text.length());
    }

    static String mask(String number) {
        return number.length() <= 4 ? "****" : "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }
}
