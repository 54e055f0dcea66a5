"""English: spaCy's English models use ClearNLP labels; this component rewrites them into the
Universal Dependencies labels the argument reader works with, so one engine serves both
languages. What it changes comes from ``data/en/dependencies.csv``; prepositions are restructured
here (UD hangs the noun on the verb and makes the preposition its case marker)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicons import load_dependency_map

PREPOSITIONS = {"prep": "obl", "agent": "obl:agent", "dative": "obl"}


class EnglishToUD:
    def __init__(self, name: str, *, lang: str):
        self.name = name
        self.labels = load_dependency_map(lang)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.dep_ in PREPOSITIONS:
                objects = [c for c in token.children if c.dep_ == "pobj"]
                if not objects:
                    if token.dep_ == "dative" and token.pos_ in ("NOUN", "PROPN", "PRON"):
                        token.dep_ = "iobj"  # "gave Mali tanks"
                    continue
                head, relation = token.head, PREPOSITIONS[token.dep_]
                obj = objects[0]
                if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and relation == "obl":
                    relation = "nmod"
                if head.i == token.i:  # a preposition at the root: leave it
                    continue
                obj.head = head
                obj.dep_ = relation
                token.head = obj
                token.dep_ = "case"
                for extra in objects[1:]:  # rare: two objects of one preposition
                    extra.head = head
                    extra.dep_ = relation
            elif token.dep_ in self.labels:
                token.dep_ = self.labels[token.dep_]
        for token in doc:  # labels of raised objects' dependents may still be ClearNLP's
            if token.dep_ in self.labels:
                token.dep_ = self.labels[token.dep_]
        return doc


@Language.factory("bilateral_english_ud", default_config={"lang": "en"})
def make_english_to_ud(nlp: Language, name: str, lang: str) -> EnglishToUD:
    return EnglishToUD(name, lang=lang)
