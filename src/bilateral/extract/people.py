"""People learned inside an article: a name introduced with a title and a nationality stands for
that country wherever the article names the person again."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from ..lexicons import ActorEntry, Lexicons
from ..model import ActorRef
from .actors import ActorFinder, Mention
from .grammar import Grammar


def _capitalised_run(doc: Doc, start: int, step: int, mentions: dict[int, Mention], titles: dict) -> list[Token]:
    """The capitalised words of a name from ``start`` going right (``step`` 1) or left (-1)."""
    run: list[Token] = []
    i = start
    while 0 <= i < len(doc):
        tok = doc[i]
        if not tok.text[:1].isupper() or not tok.is_alpha and "-" not in tok.text or i in mentions \
                or tok.lemma_.lower() in titles:
            break
        run.append(tok)
        i += step
    return run if step == 1 else run[::-1]


def learn_people(doc: Doc, lex: Lexicons, grammar: Grammar, day: date, mentions: dict[int, Mention]) -> dict[int, Mention]:
    """People the lexicons do not know, learned from the article itself: a name introduced with a
    title and a nationality ("le président libanais Michel Aoun", "Israeli Prime Minister Benjamin
    Netanyahu", "le ministre malien, Abdoulaye Diop") stands for that country and sector wherever
    the article names the person again, by full name or surname. A surname learned for two
    countries is left unresolved."""
    finder = ActorFinder(doc, lex, grammar, day, mentions)
    learned: list[tuple[tuple[str, ...], ActorEntry]] = []
    for tok in doc:
        if tok.i in mentions:
            continue
        title = lex.titles.get(tok.lemma_.lower())
        name: list[Token] = []
        ref: ActorRef | None = None
        if title is not None and tok.pos_ == "NOUN":
            # the title heads the name: "le président libanais Michel Aoun", "le ministre, X"
            for child in tok.children:
                if child.i > tok.i and (child.dep_ in grammar.apposition or child.dep_ in grammar.name_part) \
                        and child.text[:1].isupper() and child.i not in mentions:
                    name = _capitalised_run(doc, child.i, 1, mentions, lex.titles)
                    owners = [m for m in finder._owners(tok) if m.kind in ("adjective", "country", "org")]
                    if name and len({m.entries[0].code for m in owners}) == 1:
                        ref = finder.ref(owners[0], title[0], title=tok)
                    break
        elif tok.text[:1].isupper() and tok.i > 0 and (tok.i + 1 == len(doc) or not doc[tok.i + 1].text[:1].isupper()):
            # the name heads its title: "Israeli Prime Minister Benjamin Netanyahu"
            ref = finder._titled_name(tok)
            if ref is not None:
                name = _capitalised_run(doc, tok.i, -1, mentions, lex.titles)
        if ref is None or not name or ref.code == "---":
            continue
        words = tuple(t.text for t in name)
        entry = ActorEntry("person", ref.code, ref.sector, " ".join(words), role=tok.lemma_.lower() if title else "")
        learned.append((words, (entry,)))
    # a person of the lexicons named in full ("Alassane Ouattara") is named again by surname alone
    # ("Ouattara a salué …") even when the lexicons cannot list the bare surname (two people share it)
    seen: set[int] = set()
    for mention in mentions.values():
        words = tuple(mention.text.split())
        if id(mention) in seen or mention.kind != "person" or len(words) < 2:
            continue
        seen.add(id(mention))
        learned.append((words, mention.entries))
    if not learned:
        return mentions
    codes_by_surname: dict[str, set[str]] = {}
    for words, entries in learned:
        codes_by_surname.setdefault(words[-1], set()).update(e.code for e in entries)
    out = dict(mentions)
    where: dict[str, list[int]] = {}  # word → its positions, so each name looks only where it may be
    for tok in doc:
        if tok.text[:1].isupper():
            where.setdefault(tok.text, []).append(tok.i)
    for words, entries in learned:
        surname_ok = len(words[-1]) > 2 and len(codes_by_surname[words[-1]]) == 1
        starts = sorted(set(where.get(words[0], [])) | (set(where.get(words[-1], [])) if surname_ok else set()))
        done = -1
        for i in starts:
            if i <= done or i in out:
                continue
            if tuple(t.text for t in doc[i: i + len(words)]) == words and not any(j in out for j in range(i, i + len(words))):
                span = (i, i + len(words))
            elif surname_ok and doc[i].text == words[-1]:
                span = (i, i + 1)
            else:
                continue
            mention = Mention(span[0], span[1], doc[span[0]: span[1]].text, entries)
            for j in range(*span):
                out[j] = mention
            done = span[1] - 1
    return out
