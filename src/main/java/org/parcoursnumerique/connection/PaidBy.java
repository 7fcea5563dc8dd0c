package org.parcoursnumerique.connection;

/** Who paid a period: the programme (counted in what connection cost) or the person. */
enum PaidBy {
    PROGRAMME, PERSON
}
