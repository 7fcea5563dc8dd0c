package org.parcoursnumerique.support;

import java.util.Map;

import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The attributes a redirect carried, handed to the next request as the dispatcher hands them to the
 * page. MockMvc's own {@code flashAttrs} keeps them in its mock session, which never reaches the
 * application since sessions live in the database (Spring Session JDBC).
 */
public final class Flashes {

    private Flashes() {
    }

    public static RequestPostProcessor of(Map<String, ?> attributes) {
        return request -> {
            request.setAttribute(DispatcherServlet.INPUT_FLASH_MAP_ATTRIBUTE, Map.copyOf(attributes));
            return request;
        };
    }
}
