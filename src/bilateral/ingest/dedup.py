"""Near-duplicate articles: MinHash signatures of word shingles, clustered with datasketch's LSH.

The same wire story rewritten by several outlets shares most of its word 3-grams; two articles
whose estimated Jaccard similarity reaches ``THRESHOLD`` belong to one cluster, and clusters are
closed transitively. A cluster is named by its smallest article id, so the result does not depend
on the order articles arrived in.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
THRESHOLD = 0.5
SEED = 1
SCHEME = "affine32"  # datasketch 2 hashing; signatures are only comparable within one scheme
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes (``NUM_PERM`` little-endian uint64)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype("<u8").tobytes()


def _minhash(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype="<u8").astype(np.uint64))


class Components:
    """Union-find whose representative is always the smallest member."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low


def cluster(ids: Sequence[str], signatures: Iterable[bytes | None], threshold: float = THRESHOLD) -> dict[str, str]:
    """Map every article id to its cluster id (the smallest id among its near-duplicates)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    groups = Components()
    with lsh.insertion_session() as session:
        for article_id, blob in zip(ids, signatures):
            groups.find(article_id)
            if blob:
                hashes[article_id] = _minhash(blob)
                session.insert(article_id, hashes[article_id], check_duplication=False)
    for article_id, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != article_id and minhash.jaccard(hashes[other]) >= threshold:
                groups.union(article_id, other)
    return {article_id: groups.find(article_id) for article_id in ids}
