"""Generated French news articles for speed benchmarks (deterministic, seeded).

Sentences are assembled from small templates written for bilateral; they read like wire copy
but are not real news and must never be used to measure accuracy.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

STATES = [
    ("le Mali", "Bamako", "malien"), ("la Russie", "Moscou", "russe"), ("le Niger", "Niamey", "nigérien"),
    ("le Burkina Faso", "Ouagadougou", "burkinabè"), ("la France", "Paris", "français"),
    ("l'Algérie", "Alger", "algérien"), ("la Chine", "Pékin", "chinois"), ("la Turquie", "Ankara", "turc"),
    ("le Tchad", "N'Djamena", "tchadien"), ("le Sénégal", "Dakar", "sénégalais"),
]
EVENTS = [
    "{a} a livré des blindés et des hélicoptères à {r_dat}.",
    "{a_cap} a condamné fermement la décision de {r_gen}.",
    "Le ministre {adj} des Affaires étrangères s'est rendu à {r_cap} pour des entretiens.",
    "{a} et {r} ont signé un accord de coopération dans le domaine de l'énergie.",
    "Les autorités de {r_gen_short} ont expulsé trois diplomates de {a_gen_short}.",
    "{a_cap} a annoncé la suspension de son aide au développement destinée à {r_dat}.",
    "Des frappes aériennes ont visé plusieurs positions près de la frontière, selon l'armée {adj}.",
    "{a} a appelé {r} à libérer les ressortissants détenus depuis plusieurs semaines.",
    "La visite du président {adj} à {r_cap} a permis d'aborder la sécurité régionale.",
    "{a} rejette les accusations formulées la semaine dernière par {r}.",
]
FILLER = [
    "Le pays compte plusieurs millions d'habitants, dont une majorité vit de l'agriculture.",
    "Les prix des denrées de base ont fortement augmenté depuis le début de l'année.",
    "La saison des pluies a commencé plus tard que prévu dans plusieurs régions.",
    "Selon les observateurs, la situation reste fragile dans le centre du pays.",
    "Les échanges commerciaux entre les deux pays ont progressé de huit pour cent l'an dernier.",
    "Plusieurs axes routiers restent difficiles d'accès en raison de l'insécurité.",
    "Les discussions doivent se poursuivre au niveau technique dans les prochaines semaines.",
    "Cette décision intervient dans un contexte de recomposition des alliances dans la région.",
]


STATES_EN = [
    ("Mali", "Bamako", "Malian"), ("Russia", "Moscow", "Russian"), ("Niger", "Niamey", "Nigerien"),
    ("Burkina Faso", "Ouagadougou", "Burkinabe"), ("France", "Paris", "French"), ("Algeria", "Algiers", "Algerian"),
    ("China", "Beijing", "Chinese"), ("Turkey", "Ankara", "Turkish"), ("Chad", "N'Djamena", "Chadian"),
    ("Senegal", "Dakar", "Senegalese"),
]
EVENTS_EN = [
    "{a} delivered armoured vehicles and helicopters to {r}.",
    "{a_cap} strongly condemned the decision taken by {r}.",
    "The {adj} foreign minister travelled to {r_cap} for talks.",
    "{a} and {r} signed an energy cooperation agreement.",
    "The authorities of {r} expelled three diplomats from {a}.",
    "{a_cap} announced the suspension of its development aid to {r}.",
    "Air strikes hit several positions near the border, the {adj} army said.",
    "{a} urged {r} to release the nationals detained for several weeks.",
    "The visit of the {adj} president to {r_cap} focused on regional security.",
    "{a} rejected the accusations made last week by {r}.",
]
FILLER_EN = [
    "The country has several million inhabitants, most of whom live from farming.",
    "Prices of basic foodstuffs have risen sharply since the start of the year.",
    "The rainy season began later than expected in several regions.",
    "According to observers, the situation remains fragile in the centre of the country.",
    "Trade between the two countries grew by eight percent last year.",
    "Several roads remain hard to reach because of insecurity.",
    "Technical discussions are due to continue in the coming weeks.",
    "The decision comes as alliances in the region are being reshaped.",
]


def _dat(name: str) -> str:
    return name.replace("le ", "au ", 1) if name.startswith("le ") else "à " + name


def _gen(name: str) -> str:
    if name.startswith("le "):
        return name.replace("le ", "du ", 1)
    if name.startswith("l'"):
        return "de " + name
    return "de " + name


def _short(name: str) -> str:
    return name.split(" ", 1)[1] if " " in name and name.split(" ", 1)[0] in ("le", "la") else name[2:]


def _fr_sentence(rng: random.Random) -> str:
    a, r = rng.sample(STATES, 2)
    return rng.choice(EVENTS).format(
        a=a[0][0].upper() + a[0][1:], a_cap=a[1], r=r[0], r_dat=_dat(r[0]), r_gen=_gen(r[0]),
        r_cap=r[1], adj=a[2], r_gen_short=_short(r[0]), a_gen_short=_short(a[0]),
    )


def _en_sentence(rng: random.Random) -> str:
    a, r = rng.sample(STATES_EN, 2)
    return rng.choice(EVENTS_EN).format(a=a[0], a_cap=a[1], r=r[0], r_cap=r[1], adj=a[2])


LANGUAGES = {"fr": (_fr_sentence, FILLER, "Dépêche"), "en": (_en_sentence, FILLER_EN, "Dispatch")}


def article(rng: random.Random, number: int, lang: str = "fr", start: date = date(2024, 1, 1)) -> dict[str, str]:
    """One generated article: 4–7 paragraphs of 2–4 sentences, about 45% of them events."""
    event_sentence, filler, title = LANGUAGES[lang]
    paragraphs = []
    for _ in range(rng.randint(4, 7)):
        sentences = [event_sentence(rng) if rng.random() < 0.45 else rng.choice(filler)
                     for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(sentences))
    day = start + timedelta(days=rng.randint(0, 700))
    return {"id": f"gen-{lang}-{number:06d}", "date": day.isoformat(), "lang": lang,
            "title": f"{title} {number}", "text": "\n\n".join(paragraphs)}


def articles(count: int, *, seed: int = 7, lang: str = "fr") -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [article(rng, i, lang) for i in range(count)]
