package org.parcoursnumerique.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.springframework.stereotype.Component;

/**
 * Turns an XHTML document (a template of the app, well-formed XML) into an accessible PDF: tagged
 * (PDF/UA), language and title taken from the document, every font embedded. The documents use the
 * font family "Liberation Sans" (regular, bold, italic), shipped as TTF on the classpath.
 */
@Component
public class PdfDocuments {

    public static final String FONT_FAMILY = "Liberation Sans";

    /**
     * Renders {@code xhtml}; the document must set {@code lang} on {@code <html>} and a {@code <title>}.
     * Characters that XML forbids (control characters, U+FFFE, U+FFFF, lone surrogates) are dropped
     * first: data stored before they were refused must not make the document fail.
     */
    public byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.usePdfUaAccessibility(true);
            builder.withProducer("Parcours Numérique");
            font(builder, "LiberationSans-Regular.ttf", 400, FontStyle.NORMAL);
            font(builder, "LiberationSans-Bold.ttf", 700, FontStyle.NORMAL);
            font(builder, "LiberationSans-Italic.ttf", 400, FontStyle.ITALIC);
            font(builder, "LiberationSans-BoldItalic.ttf", 700, FontStyle.ITALIC);
            builder.withHtmlContent(Names.withoutForbidden(xhtml), null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        }
        return out.toByteArray();
    }

    private static void font(PdfRendererBuilder builder, String file, int weight, FontStyle style) {
        builder.useFont(() -> open(file), FONT_FAMILY, weight, style, true);
    }

    private static InputStream open(String file) {
        InputStream in = PdfDocuments.class.getResourceAsStream("/liberation/" + file);
        if (in == null) {
            throw new IllegalStateException("Font missing from the classpath: " + file);
        }
        return in;
    }
}
