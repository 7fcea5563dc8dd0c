package org.parcoursnumerique.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class PdfDocumentsUnitTests {

    static final String XHTML = """
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"/><title>Diagnostic de Awa Diallo</title>
            <style>body { font-family: 'Liberation Sans'; } h1 { font-weight: bold; }</style></head>
            <body><h1>Résultat du diagnostic</h1><p>Équipement : ordinateur portable — connexion à prévoir.</p>
            <table><thead><tr><th scope="col">Question</th><th scope="col">Réponse</th></tr></thead>
            <tbody><tr><td>Accès à internet</td><td>Données mobiles seulement</td></tr></tbody></table>
            </body></html>""";

    @Test
    void rendersATaggedPdfInFrenchWithItsTitleAndEmbeddedFonts() throws Exception {
        byte[] pdf = new PdfDocuments().render(XHTML);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            var catalog = doc.getDocumentCatalog();
            assertThat(catalog.getMarkInfo()).isNotNull();
            assertThat(catalog.getMarkInfo().isMarked()).as("tagged PDF").isTrue();
            assertThat(catalog.getStructureTreeRoot()).as("structure tree").isNotNull();
            assertThat(catalog.getLanguage()).isEqualTo("fr");
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Diagnostic de Awa Diallo");
            assertThat(catalog.getViewerPreferences().displayDocTitle()).isTrue();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(name);
                assertThat(font.isEmbedded()).as("font " + font.getName() + " embedded").isTrue();
            }
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Résultat du diagnostic").contains("Équipement : ordinateur portable")
                    .contains("Données mobiles seulement");
        }
    }

    @Test
    void dropsCharactersThatXmlForbidsInsteadOfFailing() throws Exception {
        // Stored before such characters were refused: a control character, U+FFFE, U+FFFF and a lone surrogate.
        String xhtml = XHTML.replace("Awa Diallo</title>", "Awa\u0001 Dia\uFFFEllo\uFFFF\uD800</title>")
                .replace("Données mobiles", "Données\u0007 mob\uDC00iles");
        byte[] pdf = new PdfDocuments().render(xhtml);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Diagnostic de Awa Diallo");
            assertThat(new PDFTextStripper().getText(doc)).contains("Données mobiles seulement");
        }
    }
}
