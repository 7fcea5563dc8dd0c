package org.parcoursnumerique.shared;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Precompiled JTE templates are generated into the package of their module
 * ({@code src/main/jte/beneficiary/show.jte} → {@code org.parcoursnumerique.beneficiary}), so a
 * template can use its module's package-private records and modules keep their boundaries.
 */
@Configuration
class TemplateConfig {

    static final String TEMPLATE_PACKAGE = "org.parcoursnumerique";

    @Bean
    TemplateEngine jteTemplateEngine() {
        return TemplateEngine.createPrecompiled(null, ContentType.Html, TemplateConfig.class.getClassLoader(),
                TEMPLATE_PACKAGE);
    }
}
