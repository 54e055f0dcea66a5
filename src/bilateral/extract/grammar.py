"""What differs between languages in argument finding: dependency labels and function words.

The argument, modality and date logic is shared; a language is described by one ``Grammar``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Grammar:
    lang: str
    subject: frozenset[str]
    passive_subject: frozenset[str]
    agent: frozenset[str]  # the "par" phrase of a passive
    obj: frozenset[str]
    oblique: frozenset[str]  # prepositional arguments and adjuncts of a verb
    nominal_mod: frozenset[str]  # prepositional dependents of a noun
    adjective: frozenset[str]
    apposition: frozenset[str]
    name_part: frozenset[str]
    inherit_subject: frozenset[str]  # a verb with this relation takes its head's subject
    relative: frozenset[str]
    passive_aux: frozenset[str]
    case: frozenset[str]
    recipient_case: frozenset[str]  # prepositions that introduce a recipient
    source_case: frozenset[str]  # prepositions that introduce the doer of a nominal event
    agent_case: frozenset[str]
    pronouns: frozenset[str]  # subjects that refer back to the last named actor
    anaphoric_adjectives: frozenset[str]  # "ce dernier"
    object_pronouns: frozenset[str]  # "l'a abattu": the thing last named besides the subject
    future_endings: tuple[str, ...] = ()  # finite verb endings of the future, when the tagger misses it
    locative_case: frozenset[str] = frozenset()  # "à Bamako", "in Bamako": where, not whom
    strong_case: frozenset[str] = frozenset()  # name a recipient wherever they hang in the clause
    light_verbs: frozenset[str] = frozenset()  # carry a nominal event: "a procédé à l'expulsion"
    receiving_verbs: frozenset[str] = frozenset()  # their subject receives: "a reçu une livraison"
    relative_pronouns: frozenset[str] = frozenset()  # "la Russie, qui a livré": the antecedent acts
    clause_antecedents: frozenset[str] = frozenset()
    # common nouns of an area that its name completes: "the Tigray region", "la ville de Kidal"
    area_nouns: frozenset[str] = frozenset()  # "…, ce qui a provoqué": the clause before is the antecedent
    object_relatives: frozenset[str] = frozenset()  # "les Émirats, qu'il accuse": the antecedent is acted on
    classifier_case: frozenset[str] = frozenset()  # "avions de combat": a bare "de" makes a kind, not an act
    possessive_case: frozenset[str] = frozenset()  # "Mali's expulsion of …": the possessor acts
    # the genitive of an event noun whose doer is named otherwise ("par", "'s", "from") names what
    # is acted on: "le rejet par X du plan de Y", "X's criticism of Y"
    object_case: frozenset[str] = frozenset()
    control_case: frozenset[str] = frozenset()  # "demande à la Russie de livrer": Russia would deliver
    between_case: frozenset[str] = frozenset()  # "entre le Mali et la Russie": the parties
    reported_future: frozenset[str] = frozenset()  # "said it would boycott the summit": a future in reported speech
    threat_marks: frozenset[str] = frozenset()  # "will withdraw unless …": a promise made a threat
    condition_marks: frozenset[str] = frozenset()  # "threatened to … if X …": X must meet the condition
    # the price a warning names ("would carry severe consequences for Iran", "aurait de graves
    # conséquences pour le Niger"): whom it is for is whom the warning is aimed at
    stake_nouns: frozenset[str] = frozenset()
    # verbs that stop what their object gives: "phased out its aid to Mali", "a gelé son aide au
    # Niger" take the aid away (a SANCTION), unless a particle turns them round ("phase in")
    cessation_verbs: frozenset[str] = frozenset()
    reversing_particles: frozenset[str] = frozenset()
    # nouns that stop what their genitive gives: "la fin de la coopération militaire", "the
    # suspension of aid": the act is taken away, and the noun's clause carries the arguments
    cessation_nouns: frozenset[str] = frozenset()
    # what "mettre fin à" / "put an end to" may end besides a relation: fighting ends in a truce,
    # not in a sanction ("ont mis fin aux combats", "to put an end to the war")
    fighting_nouns: frozenset[str] = frozenset()
    # a protest its holders stop is a concession, not a protest: "called off their strike", "les
    # syndicats ont levé la grève" (verbs: the cessation verbs and these; "call off" as verb + particle)
    protest_nouns: frozenset[str] = frozenset()
    protest_ending_verbs: frozenset[str] = frozenset()
    # "Beijing rejected the claim", "Pékin a rejeté ces accusations": a claim named without its
    # author is the one the article last told of; its author is the subject named before
    claim_nouns: frozenset[str] = frozenset()
    decision_nouns: frozenset[str] = frozenset()  # "a regretté cette décision", "called the move an outrage"
    # "claimed responsibility for the attack": the act claimed is the claimer's
    responsibility_nouns: frozenset[str] = frozenset()
    # verbs whose compound tenses take "être" ("sont convenus", "est parvenu"): no passive without an agent
    etre_verbs: frozenset[str] = frozenset()
    partner_case: frozenset[str] = frozenset()  # "avec", "with": whom one meets or talks to
    # "en réponse aux sanctions américaines", "in retaliation for US tariffs": a hostile act done in
    # answer to another is aimed at whoever did that one
    answer_nouns: frozenset[str] = frozenset()
    # nouns of a phase of an act that carry its arguments: "le renforcement de la coopération avec
    # X", "the resumption of talks with X"
    phase_nouns: frozenset[str] = frozenset()
    # what carries a message's content: "un message de félicitations", "a letter of condolences"
    carrier_nouns: frozenset[str] = frozenset()
    minority_markers: frozenset[str] = frozenset()  # "ethnic Russians": a minority, of the state it lives in
    light_nouns: frozenset[str] = frozenset()  # "a mediation bid between …": the event noun is their modifier
    # words that set an event noun as the circumstance of the main clause: "lors d'une rencontre
    # avec …", "during talks with …": the meeting is the main subject's, and not the content of its verb
    adjunct_markers: frozenset[str] = frozenset()
    # words that name a third party who brokered what the clause says: "sous l'égide de", "brokered by"
    mediation_words: frozenset[str] = frozenset()
    mediation_case: frozenset[str] = frozenset()  # "sous l'égide de", "under the auspices of"
    # "le gouvernement", "the junta", "le pays": a state named earlier in the article, when one is clearly its subject
    state_nouns: frozenset[str] = frozenset()
    # "les autorités", "l'armée", "the ministry": a state's institution named bare, as the subject,
    # stands for the state in context as "le gouvernement" does, with its own sector
    institution_nouns: frozenset[str] = frozenset()
    # "des otages", "prisoners": people held are not the society of whoever holds or frees them;
    # with no country named they are no one known
    captive_nouns: frozenset[str] = frozenset()
    # "le chef de l'État", "the president", "le Premier ministre" with no country named: the
    # state in context's, like its institutions
    office_nouns: frozenset[str] = frozenset()
    # "la dette du Tchad", "Chad's debt": what is owed belongs to whom a relief of it helps
    debt_nouns: frozenset[str] = frozenset()
    # "Moscow's ally", "l'allié de Moscou": the one related to a state, never that state
    relation_nouns: frozenset[str] = frozenset()
    # "au pouvoir", "in power": rulers named by the place they rule from ("les militaires au pouvoir à Niamey")
    ruling_words: frozenset[str] = frozenset()
    # "les deux pays", "the two sides": the last two states the article named
    pair_nouns: frozenset[str] = frozenset()
    pair_words: frozenset[str] = frozenset()  # "deux", "two", "both"
    # "les trois pays", "all three": a counted group of the last states named (2 is pair_words')
    group_numbers: tuple[tuple[str, int], ...] = ()
    group_determiners: frozenset[str] = frozenset()  # "all three", "les trois": a number standing for them
    definite: frozenset[str] = frozenset()  # articles that make a noun refer back
    targeting_verbs: frozenset[str] = frozenset()  # "des frappes visant X", "sanctions targeting X": X is the target
    measure_nouns: frozenset[str] = frozenset()  # "un paquet de sanctions", "a wave of strikes": the event is the noun after
    # a counted stretch of time is a measure too: "a week of war games", "trois jours de manœuvres"
    duration_nouns: frozenset[str] = frozenset()
    # military exercises held by two or more states together, aimed at no one named, are joint
    exercise_nouns: frozenset[str] = frozenset()
    # forces sent to a country (not to its border, nor into it) are military aid to it (CAMEO 072
    # counts troops): "deployed police officers to Haiti", "a déployé des troupes au Mozambique"
    destination_case: frozenset[str] = frozenset()
    # a bid to join a body: blocking or backing it acts on the applicant, not on the body ("a bloqué
    # l'adhésion de la Suède à l'OTAN", "backed Ukraine's bid to join the EU")
    application_nouns: frozenset[str] = frozenset()
    # crowds that attack or storm something protest violently (CAMEO 145), they do not wage war
    crowd_nouns: frozenset[str] = frozenset()
    # verbs that rule an act out: the act they take as object is not done ("a exclu toute levée des
    # sanctions", "ruled out lifting sanctions"); "rule out" as verb + particle
    ruling_out_verbs: frozenset[str] = frozenset()
    # texts and talks named after the town where they were made: "l'accord d'Alger", "the Minsk
    # agreements", "le format d'Astana": the town names the text, not a party
    text_nouns: frozenset[str] = frozenset()
    # verbs whose object is another party's reaction: "prompting a protest from Moscow",
    # "suscitant la condamnation du Qatar": the one who reacts acts on the one who caused it
    causing_verbs: frozenset[str] = frozenset()
    # "se sont mutuellement accusés", "accused each other": parties named together act on each other
    reciprocal_words: frozenset[str] = frozenset()
    # a truce accepted or declared by two sides together is their agreement; one kept is not
    truce_nouns: frozenset[str] = frozenset()
    keeping_verbs: frozenset[str] = frozenset()
    approval_verbs: frozenset[str] = frozenset()  # "a approuvé des sanctions": approving a measure is taking it
    # verbs that take a measure only when what they settle is one: "agreed new sanctions" (but
    # "agreed to a ceasefire" is an agreement)
    measure_verbs: frozenset[str] = frozenset()
    # a floating quantifier parsed as the subject of an infinitive ("vont chacun expulser", "have
    # each recalled"): the subject is the governing verb's
    distributive: frozenset[str] = frozenset()
    # an infinitive clause of purpose ("pour soutenir", "afin de signer", "to support", "in order
    # to sign") states an aim, not an act: marks on the infinitive, and words it may hang on
    purpose_marks: frozenset[str] = frozenset()
    purpose_heads: frozenset[str] = frozenset()
    # words that make a force a police force: "les forces de l'ordre", "security forces"
    police_words: frozenset[str] = frozenset()
    # phrases that set an agreement or a measure as the frame of the clause, something in force and
    # not done now: "dans le cadre de l'accord", "en vertu de", "under the deal", "as part of"
    framing_phrases: tuple[tuple[str, ...], ...] = ()
    leading_verbs: frozenset[str] = frozenset()  # "US-led forces", "forces dirigées par la France"
    gerund_marks: frozenset[str] = frozenset()  # "en rompant", "by breaking": the clause's subject acts
    # subordinators of time that make a clause the circumstance of its governor, not its content:
    # "after blaming the rebels", "après avoir accusé Kiev": the governor's type or mood does not pass
    circumstance_marks: frozenset[str] = frozenset()
    # nouns of a speech act done by offering or sending it: "offered congratulations", "a présenté
    # ses condoléances" is the act itself, not a promise of it
    expressive_nouns: frozenset[str] = frozenset()
    # what a meeting is about: "négociations sur le retrait", "talks on a pullback" — not done yet
    topic_case: frozenset[str] = frozenset()
    # an agreement named as a thing that exists is no act of agreeing: "l'accord entre X et Y
    # expire", "critics of the deal between X and Y". It is one when its clause tells it being made
    # or coming into force (a trigger, or one of these governors), or in a headline
    coming_verbs: frozenset[str] = frozenset()  # "a été annoncé", "took effect", "est entré en vigueur"
    coming_nouns: frozenset[str] = frozenset()  # "l'annonce d'un accord", "news of the deal"
    # what an agreement says tells it as news: "l'accord entre X et Y prévoit …", "the deal covers …"
    content_verbs: frozenset[str] = frozenset()


    def adopts(self, lemma: str, measure_type: str | None) -> bool:
        """Whether a verb of ``lemma`` takes the measure it governs ("a approuvé des sanctions",
        "agreed new sanctions"), so that the measure is the event and the verb no second one."""
        return lemma in self.approval_verbs or (lemma in self.measure_verbs and measure_type == "SANCTION")


FRENCH = Grammar(
    lang="fr",
    subject=frozenset({"nsubj"}),
    passive_subject=frozenset({"nsubj:pass"}),
    agent=frozenset({"obl:agent"}),
    obj=frozenset({"obj", "iobj"}),
    oblique=frozenset({"obl:arg", "obl:mod", "obl", "iobj"}),
    nominal_mod=frozenset({"nmod"}),
    adjective=frozenset({"amod"}),
    apposition=frozenset({"appos"}),
    name_part=frozenset({"flat:name", "flat", "compound"}),
    inherit_subject=frozenset({"xcomp", "conj"}),
    relative=frozenset({"acl:relcl"}),
    passive_aux=frozenset({"aux:pass"}),
    case=frozenset({"case"}),
    recipient_case=frozenset({"à", "au", "aux", "avec", "contre", "vers", "auprès", "pour", "envers", "chez", "en", "sur", "face"}),
    source_case=frozenset({"de", "du", "des", "d'", "d’"}),
    agent_case=frozenset({"par"}),
    pronouns=frozenset({"il", "elle", "ils", "elles", "celui-ci", "celle-ci", "ceux-ci", "celles-ci"}),
    anaphoric_adjectives=frozenset({"dernier", "dernière", "derniers", "dernières"}),
    object_pronouns=frozenset({"le", "la", "l'", "l’", "les"}),
    future_endings=("eront", "erons", "erez", "eras", "erai", "era", "iront", "irons", "irez", "iras", "irai", "ira",
                    "dront", "dra", "ndront", "ndra", "tront", "tra"),
    locative_case=frozenset({"à", "au", "aux", "en", "dans", "sur", "près", "vers"}),
    strong_case=frozenset({"contre", "avec", "envers", "auprès", "face", "devant"}),
    stake_nouns=frozenset({"conséquence", "répercussion", "prix", "coût", "riposte", "réponse", "représaille"}),
    carrier_nouns=frozenset({"message", "lettre", "courrier", "note", "télégramme", "mot", "missive"}),
    phase_nouns=frozenset({"renforcement", "début", "lancement", "approfondissement", "relance", "reprise",
                           "intensification", "élargissement", "extension", "poursuite", "consolidation"}),
    partner_case=frozenset({"avec"}),
    condition_marks=frozenset({"si", "s'", "s’"}),
    answer_nouns=frozenset({"réponse", "représailles", "riposte", "réaction", "rétorsion"}),
    etre_verbs=frozenset({"convenir", "parvenir", "venir", "revenir", "arriver", "partir", "entrer", "rentrer", "rester",
                          "tomber", "devenir", "retourner", "sortir", "mourir", "naître", "décéder", "aller",
                          "intervenir", "survenir", "repartir", "redevenir"}),
    responsibility_nouns=frozenset({"responsabilité", "paternité"}),
    decision_nouns=frozenset({"décision", "mesure", "annonce", "initiative", "geste", "démarche", "choix"}),
    claim_nouns=frozenset({"accusation", "accusations", "allégation", "allégations", "affirmation", "affirmations",
                           "imputation", "imputations", "assertion", "assertions", "reproche", "reproches"}),
    fighting_nouns=frozenset({"guerre", "conflit", "hostilité", "hostilités", "combat", "combats", "affrontement",
                              "affrontements", "violence", "violences", "offensive", "bombardement", "bombardements",
                              "frappe", "frappes", "tir", "tirs", "insurrection", "rébellion", "massacre", "tuerie"}),
    protest_nouns=frozenset({"grève", "grèves", "manifestation", "manifestations", "boycott", "sit-in", "blocus",
                             "mobilisation", "marche", "rassemblement", "protestation", "contestation",
                             "débrayage", "piquet"}),
    protest_ending_verbs=frozenset({"lever", "suspendre", "arrêter", "cesser", "interrompre", "abandonner",
                                    "annuler", "stopper", "terminer", "achever", "levée"}),
    cessation_nouns=frozenset({"fin", "arrêt", "suspension", "gel", "interruption", "cessation", "abandon",
                               "résiliation", "annulation", "suppression", "coupure", "retrait"}),
    cessation_verbs=frozenset({"geler", "couper", "suspendre", "arrêter", "cesser", "interrompre", "supprimer",
                               "retirer", "annuler", "réduire", "stopper", "abandonner", "diminuer", "sabrer",
                               "amputer", "raboter", "bloquer", "tarir", "résilier"}),
    light_verbs=frozenset({
        "procéder", "participer", "contribuer", "effectuer", "mener", "conduire", "lancer", "opérer", "faire",
        "donner", "apporter", "accorder", "infliger", "imposer", "décider", "annoncer", "ordonner", "engager",
        "entreprendre", "réaliser", "organiser", "tenir", "poursuivre", "prendre", "exprimer", "adresser",
        "renouveler", "réitérer", "réaffirmer", "présenter", "ouvrir", "entamer", "signer", "conclure", "finaliser", "parapher", "obtenir",
        "arriver", "rendre",
    }),
    receiving_verbs=frozenset({"recevoir", "obtenir", "bénéficier", "réceptionner", "acquérir", "acheter", "accueillir"}),
    relative_pronouns=frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles"}),
    clause_antecedents=frozenset({"ce", "cela", "ceci"}),
    area_nouns=frozenset({"région", "province", "ville", "village", "localité", "commune", "district", "préfecture",
                          "département", "cercle", "territoire", "enclave", "oblast", "gouvernorat", "zone", "bande"}),
    object_relatives=frozenset({"que", "qu'", "qu’"}),
    classifier_case=frozenset({"de", "d'", "d’"}),
    object_case=frozenset({"de", "du", "des", "d'", "d’"}),
    control_case=frozenset({"à", "au", "aux"}),
    between_case=frozenset({"entre"}),
    state_nouns=frozenset({"gouvernement", "junte", "régime", "exécutif", "pays"}),
    institution_nouns=frozenset({"autorité", "armée", "ministère", "présidence", "diplomatie", "chancellerie"}),
    captive_nouns=frozenset({"otage", "prisonnier", "détenu", "captif"}),
    office_nouns=frozenset({"président", "chef", "ministre", "roi", "émir", "chancelier", "monarque", "vice-président"}),
    debt_nouns=frozenset({"dette", "créance", "arriéré", "endettement"}),
    ruling_words=frozenset({"pouvoir", "militaire", "autorité"}),
    relation_nouns=frozenset({"allié", "partenaire", "voisin", "rival", "ennemi", "adversaire", "protégé", "obligé"}),
    pair_nouns=frozenset({"pays", "parties", "camps", "voisins", "capitales", "états", "belligérants", "protagonistes",
                          "gouvernements", "délégations", "partie", "camp", "voisin", "capitale", "état", "belligérant",
                          "protagoniste", "délégation", "chef", "dirigeant", "président", "ministre", "homologue"}),
    pair_words=frozenset({"deux"}),
    group_numbers=(("deux", 2), ("trois", 3), ("quatre", 4), ("3", 3), ("4", 4)),
    group_determiners=frozenset({"les", "tous", "toutes", "ces"}),
    definite=frozenset({"le", "la", "l'", "l’", "les"}),
    targeting_verbs=frozenset({"cibler", "viser", "frapper", "toucher"}),
    adjunct_markers=frozenset({"lors", "pendant", "durant", "cours", "issue", "marge", "occasion", "après"}),
    mediation_words=frozenset({"égide", "médiation", "auspice", "auspices", "parrainage"}),
    mediation_case=frozenset({"sous", "grâce", "par", "via"}),
    truce_nouns=frozenset({"cessez-le-feu", "trêve", "armistice"}),
    reciprocal_words=frozenset({"mutuellement", "réciproquement"}),
    causing_verbs=frozenset({"provoquer", "susciter", "déclencher", "entraîner", "valoir", "attirer", "soulever",
                             "causer", "occasionner"}),
    keeping_verbs=frozenset({"respecter", "observer", "maintenir", "préserver", "prolonger", "reconduire"}),
    text_nouns=frozenset({"accord", "accords", "traité", "processus", "format", "pacte", "protocole", "déclaration",
                          "convention", "charte", "feuille", "entente", "mémorandum"}),
    measure_nouns=frozenset({"paquet", "série", "vague", "salve", "train", "volet", "ensemble", "cycle", "batterie",
                             "arsenal", "panoplie", "liste", "nouveau", "nouvelle"}),
    destination_case=frozenset({"en", "au", "aux", "à"}),
    ruling_out_verbs=frozenset({"exclure", "écarter", "refuser", "rejeter"}),
    crowd_nouns=frozenset({"manifestant", "manifestants", "protestataire", "protestataires", "foule", "émeutier",
                           "émeutiers"}),
    application_nouns=frozenset({"adhésion", "candidature", "intégration", "admission", "entrée", "accession"}),
    exercise_nouns=frozenset({"exercice", "manœuvre", "manoeuvre"}),
    duration_nouns=frozenset({"jour", "journée", "semaine", "mois", "heure", "an", "année"}),
    approval_verbs=frozenset({"adopter", "approuver", "voter", "entériner", "valider", "avaliser", "promulguer",
                              "décréter", "dévoiler"}),
    measure_verbs=frozenset({"convenir", "finaliser", "arrêter"}),
    distributive=frozenset({"chacun", "chacune", "tous", "toutes"}),
    purpose_marks=frozenset({"pour", "afin"}),
    purpose_heads=frozenset({"afin"}),
    police_words=frozenset({"ordre", "sécurité", "anti-émeute", "antiémeute"}),
    framing_phrases=(("cadre", "de"), ("cadre", "du"), ("cadre", "des"), ("cadre", "d'"), ("cadre", "d’"),
                     ("vertu", "de"), ("vertu", "du"), ("vertu", "des"), ("vertu", "d'"), ("vertu", "d’"),
                     ("titre", "de"), ("titre", "du"), ("titre", "des"), ("application", "de"),
                     ("application", "du"), ("conformément", "à"), ("conformément", "au"), ("conformément", "aux")),
    leading_verbs=frozenset({"diriger", "mener", "conduire", "commander"}),
    gerund_marks=frozenset({"en"}),
    circumstance_marks=frozenset({"après", "depuis", "lorsque", "quand", "alors"}),
    topic_case=frozenset({"sur", "concernant", "autour", "de", "du", "des", "d'", "d’"}),
    coming_verbs=frozenset({"annoncer", "entrer", "intervenir", "aboutir", "naître", "survenir", "tomber", "publier",
                              "diffuser", "rendre", "dévoiler", "officialiser"}),
    content_verbs=frozenset({"prévoir", "porter", "couvrir", "inclure", "comprendre", "concerner", "permettre",
                             "accorder", "fixer", "établir", "viser", "stipuler", "engager", "obliger", "instaurer",
                             "octroyer", "ouvrir", "garantir", "autoriser"}),
    coming_nouns=frozenset({"annonce", "nouvelle", "conclusion", "signature", "obtention", "ratification", "entrée",
                            "officialisation"}),
    expressive_nouns=frozenset({"félicitation", "félicitations", "condoléance", "condoléances", "remerciement",
                                "remerciements", "excuse", "excuses", "hommage", "vœu", "vœux", "voeu", "voeux",
                                "salutation", "salutations", "gratitude", "regret", "regrets"}),
)

# English after bilateral_english_ud has rewritten spaCy's ClearNLP labels into UD.
ENGLISH = Grammar(
    lang="en",
    subject=frozenset({"nsubj"}),
    passive_subject=frozenset({"nsubj:pass"}),
    agent=frozenset({"obl:agent"}),
    obj=frozenset({"obj", "iobj"}),
    oblique=frozenset({"obl", "obl:mod", "iobj"}),
    nominal_mod=frozenset({"nmod", "nmod:poss"}),
    adjective=frozenset({"amod"}),
    apposition=frozenset({"appos"}),
    name_part=frozenset({"compound", "flat"}),
    inherit_subject=frozenset({"xcomp", "conj"}),
    relative=frozenset({"acl:relcl"}),
    passive_aux=frozenset({"aux:pass"}),
    case=frozenset({"case"}),
    recipient_case=frozenset({"to", "with", "against", "toward", "towards", "for", "at", "on", "in", "into", "from",
                              "outside"}),
    source_case=frozenset({"of", "'s", "’s", "from"}),
    agent_case=frozenset({"by"}),
    pronouns=frozenset({"he", "she", "it", "they"}),
    anaphoric_adjectives=frozenset({"latter"}),
    object_pronouns=frozenset({"him", "her", "it", "them"}),
    locative_case=frozenset({"in", "at", "on", "into", "near", "inside", "across"}),
    strong_case=frozenset({"against", "with", "toward", "towards"}),
    light_verbs=frozenset({
        "carry", "conduct", "launch", "make", "give", "provide", "impose", "announce", "order", "hold", "take",
        "express", "renew", "reiterate", "reaffirm", "sign", "conclude", "finalize", "finalise", "undertake",
        "issue", "extend", "offer", "pledge", "begin", "start", "open", "complete", "stage", "deliver", "arrive", "pay",
        "converge", "organize", "organise", "join", "continue", "call", "resort", "mount",
    }),
    receiving_verbs=frozenset({"receive", "obtain", "get", "acquire", "buy", "purchase", "accept", "welcome", "host"}),
    relative_pronouns=frozenset({"who", "which", "that"}),
    area_nouns=frozenset({"region", "province", "city", "town", "village", "district", "county", "territory",
                          "enclave", "oblast", "governorate", "area", "strip", "prefecture", "department"}),
    object_relatives=frozenset({"which", "whom", "that", "who"}),
    possessive_case=frozenset({"'s", "’s", "'"}),
    object_case=frozenset({"of"}),
    between_case=frozenset({"between", "among"}),
    reported_future=frozenset({"would"}),
    threat_marks=frozenset({"unless"}),
    condition_marks=frozenset({"unless", "if"}),
    stake_nouns=frozenset({"consequence", "repercussion", "price", "cost", "retaliation", "response"}),
    carrier_nouns=frozenset({"message", "letter", "note", "cable", "telegram"}),
    phase_nouns=frozenset({"strengthening", "start", "launch", "expansion", "resumption", "deepening",
                           "intensification", "beginning", "continuation", "extension"}),
    partner_case=frozenset({"with"}),
    answer_nouns=frozenset({"response", "retaliation", "reaction", "reprisal", "answer", "riposte"}),
    responsibility_nouns=frozenset({"responsibility", "credit"}),
    decision_nouns=frozenset({"decision", "move", "step", "measure", "announcement", "initiative", "gesture"}),
    claim_nouns=frozenset({"claim", "claims", "accusation", "accusations", "allegation", "allegations", "charge",
                           "charges", "assertion", "assertions"}),
    fighting_nouns=frozenset({"war", "conflict", "hostility", "hostilities", "fighting", "clash", "clashes",
                              "violence", "offensive", "bombardment", "shelling", "strike", "strikes", "fire",
                              "insurgency", "rebellion", "massacre", "killing", "bloodshed"}),
    protest_nouns=frozenset({"strike", "strikes", "walkout", "boycott", "protest", "protests", "demonstration",
                             "demonstrations", "sit-in", "blockade", "march", "rally", "vigil", "stoppage"}),
    protest_ending_verbs=frozenset({"end", "suspend", "halt", "stop", "cancel", "abandon", "scrap", "drop",
                                    "terminate", "lift", "lifting", "call off", "wind down", "break off"}),
    cessation_nouns=frozenset({"end", "halt", "suspension", "freeze", "termination", "cessation", "cancellation",
                               "withdrawal", "cut", "cutoff"}),
    cessation_verbs=frozenset({"phase", "wind", "scrap", "drop", "discontinue", "terminate", "stop", "halt", "end",
                               "cut", "suspend", "freeze", "withdraw", "cancel", "slash", "axe", "curtail", "reduce",
                               "withhold", "pull", "scale", "block", "revoke", "rescind"}),
    reversing_particles=frozenset({"in", "up"}),
    minority_markers=frozenset({"ethnic"}),
    light_nouns=frozenset({"effort", "mission", "bid", "attempt", "initiative", "campaign", "process"}),
    state_nouns=frozenset({"government", "junta", "regime", "administration", "country", "cabinet"}),
    institution_nouns=frozenset({"authority", "army", "military", "ministry", "presidency", "chancellery"}),
    captive_nouns=frozenset({"hostage", "prisoner", "detainee", "inmate", "captive"}),
    office_nouns=frozenset({"president", "premier", "minister", "chancellor", "king", "emir", "monarch", "head"}),
    debt_nouns=frozenset({"debt", "arrears", "liability"}),
    ruling_words=frozenset({"power", "military", "authority"}),
    relation_nouns=frozenset({"ally", "partner", "neighbour", "neighbor", "rival", "foe", "enemy", "adversary",
                              "protege", "proxy", "client"}),
    pair_nouns=frozenset({"side", "country", "neighbour", "neighbor", "nation", "party", "capital", "government",
                          "state", "delegation", "foe", "rival", "belligerent", "leader", "president", "minister",
                          "head", "counterpart"}),
    pair_words=frozenset({"two", "both"}),
    group_numbers=(("two", 2), ("three", 3), ("four", 4), ("3", 3), ("4", 4)),
    group_determiners=frozenset({"all", "the", "these", "those"}),
    definite=frozenset({"the"}),
    targeting_verbs=frozenset({"target", "aim", "hit", "strike"}),
    adjunct_markers=frozenset({"during", "sidelines", "amid", "following", "after"}),
    mediation_words=frozenset({"broker", "mediate", "auspices", "auspex", "aegis", "mediation", "facilitate", "sponsor"}),
    mediation_case=frozenset({"under", "through", "with", "via", "thanks"}),
    truce_nouns=frozenset({"ceasefire", "cease-fire", "truce", "armistice"}),
    reciprocal_words=frozenset({"each other", "one another"}),
    causing_verbs=frozenset({"prompt", "draw", "spark", "trigger", "provoke", "elicit", "cause", "earn", "attract",
                             "invite", "fuel"}),
    keeping_verbs=frozenset({"respect", "observe", "honour", "honor", "maintain", "uphold", "preserve", "extend",
                             "prolong"}),
    text_nouns=frozenset({"agreement", "accord", "accords", "deal", "treaty", "process", "format", "pact", "protocol",
                          "declaration", "convention", "charter", "memorandum", "communique", "communiqué"}),
    measure_nouns=frozenset({"package", "round", "wave", "series", "raft", "set", "batch", "barrage", "spate", "slew",
                             "list", "tranche"}),
    destination_case=frozenset({"to"}),
    ruling_out_verbs=frozenset({"rule out", "reject", "refuse", "exclude"}),
    crowd_nouns=frozenset({"protester", "protesters", "demonstrator", "demonstrators", "rioter", "rioters", "crowd",
                           "mob"}),
    application_nouns=frozenset({"accession", "membership", "bid", "application", "candidacy", "entry", "admission"}),
    exercise_nouns=frozenset({"exercise", "drill", "game", "wargame", "manoeuvre", "maneuver"}),
    duration_nouns=frozenset({"day", "week", "month", "hour", "year", "fortnight"}),
    approval_verbs=frozenset({"approve", "adopt", "pass", "endorse", "authorize", "authorise", "unveil", "enact",
                              "ratify"}),
    measure_verbs=frozenset({"agree", "finalize", "finalise"}),
    distributive=frozenset({"each", "both", "all"}),
    purpose_marks=frozenset({"to"}),
    purpose_heads=frozenset({"order"}),
    police_words=frozenset({"security", "riot", "police"}),
    framing_phrases=(("under",), ("pursuant", "to"), ("accordance", "with"), ("as", "part", "of"),
                     ("in", "line", "with"), ("framework", "of")),
    leading_verbs=frozenset({"lead"}),
    gerund_marks=frozenset({"by"}),
    circumstance_marks=frozenset({"after", "since", "when", "while", "upon"}),
    topic_case=frozenset({"on", "about", "over", "regarding", "concerning"}),
    coming_verbs=frozenset({"announce", "take", "come", "enter", "emerge", "unveil", "publish", "release", "issue",
                              "make"}),
    content_verbs=frozenset({"cover", "provide", "include", "foresee", "envisage", "allow", "give", "grant", "set",
                             "establish", "call", "require", "commit", "oblige", "concern", "stipulate", "outline",
                             "aim", "open", "guarantee", "authorize", "authorise", "see"}),
    coming_nouns=frozenset({"announcement", "news", "conclusion", "signing", "ratification", "entry", "unveiling"}),
    expressive_nouns=frozenset({"congratulation", "congratulations", "condolence", "condolences", "thanks", "thank",
                                "apology", "apologies", "tribute", "greeting", "greetings", "gratitude", "regret",
                                "regrets", "praise"}),
)

GRAMMARS = {"fr": FRENCH, "en": ENGLISH}
