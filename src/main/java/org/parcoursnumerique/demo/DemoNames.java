package org.parcoursnumerique.demo;

import java.util.List;

/** Common first and last names in Seine-Saint-Denis, for fictitious people. */
final class DemoNames {

    static final List<String> FEMALE = List.of("Aïcha", "Amina", "Anaïs", "Awa", "Camille", "Chloé", "Clémence",
            "Élodie", "Emma", "Fatima", "Fatoumata", "Gaëlle", "Hélène", "Inès", "Jade", "Julie", "Karima", "Leïla",
            "Léa", "Linh", "Louise", "Manon", "Mariam", "Marie", "Maëlys", "Nadia", "Naïma", "Noémie", "Océane",
            "Rokia", "Salomé", "Samira", "Sarah", "Sophie", "Thi Hoa", "Yasmine", "Zoé", "Aminata", "Françoise",
            "Héloïse");
    static final List<String> MALE = List.of("Adama", "Ahmed", "Alexandre", "Amadou", "Antoine", "Bilal", "Bruno",
            "Cédric", "Christophe", "Damien", "David", "Étienne", "Farid", "François", "Hugo", "Ibrahima", "Jérôme",
            "Karim", "Kévin", "Lucas", "Mamadou", "Mehdi", "Mohamed", "Moussa", "Nicolas", "Noël", "Omar", "Pierre",
            "Rachid", "Raphaël", "Samuel", "Sébastien", "Souleymane", "Thomas", "Van Duc", "Yacine", "Youssef",
            "Zinédine", "Grégoire", "Anthony");
    static final List<String> LAST = List.of("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
            "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
            "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
            "Chevalier", "Robin", "Masson", "Diallo", "Traoré", "Koné", "Camara", "Cissé", "Coulibaly", "Diop",
            "Sylla", "Touré", "Keita", "Mendy", "Ndiaye", "Benali", "Haddad", "Bouzid", "Mansouri", "Cherif",
            "Belkacem", "Zerrouki", "Amrani", "Nguyen", "Tran", "Le", "Pham", "Da Silva", "Pereira", "Ferreira",
            "Rodrigues", "Gonçalves", "Yılmaz", "Kaya", "Ménard", "Lemaître", "Brûlé", "Le Gall", "N'Diaye",
            "D'Almeida", "Saint-Éloi", "Boucher", "Caron");

    private DemoNames() {
    }
}
