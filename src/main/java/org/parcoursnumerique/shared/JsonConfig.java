package org.parcoursnumerique.shared;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;

/**
 * JSON read strictly: a key given twice in one object (consent false, then consent true) is an error,
 * not a silent last-one-wins, so that no client and no proxy reads a different request than ours.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Whether a read failed because an object holds the same key twice. */
    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof StreamReadException && e.getMessage() != null && e.getMessage().startsWith("Duplicate ");
    }
}
