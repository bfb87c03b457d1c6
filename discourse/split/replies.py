"""Reply links from explicit cues: quotes, @name / Name: openers, short reactions."""
from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Optional, Sequence

from .quotes import QuoteHit
from .segment import opener

REACTION_MAX_WORDS = 12
MAX_SPINE = 16          # candidate parents considered: the nearest comments of the spine


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _by_author(name: str, authors: Sequence[Optional[str]], before: int) -> Optional[int]:
    key = _norm(name)
    if not key:
        return None
    for k in range(before - 1, -1, -1):
        a = authors[k]
        if not a:
            continue
        na = _norm(a)
        first = _norm(a.split()[0]) if a.split() else ""
        if key == na or key == first or (len(key) >= 4 and (na.startswith(key) or key.startswith(na))):
            return k
    return None


def span_finder(spans: Sequence[tuple[int, int]]) -> Callable[[int], Optional[int]]:
    """``line -> index of the span holding it`` (or ``None``) for spans in line order,
    by binary search (quote hits are looked up per comment: a scan would be quadratic).

    >>> find = span_finder([(3, 4), (5, 9)])
    >>> find(4), find(5), find(2), find(10)
    (0, 1, None, None)
    """
    starts = [s for s, _ in spans]

    def find(line: int) -> Optional[int]:
        k = bisect_right(starts, line) - 1
        return k if k >= 0 and spans[k][0] <= line <= spans[k][1] else None
    return find


def link(spans: Sequence[tuple[int, int]], texts: Sequence[str], first_lines: Sequence[str],
         authors: Sequence[Optional[str]], quote_hits: Sequence[QuoteHit],
         post_end: int) -> list[tuple[Optional[int], Optional[str], Optional[float], tuple[str, ...]]]:
    """(parent, evidence, confidence, quotes) for every comment."""
    comment_of = span_finder(spans)
    out = []
    hits_by_comment: dict[int, list[QuoteHit]] = {}
    for h in quote_hits:
        c = comment_of(h.line)
        if c is not None:
            hits_by_comment.setdefault(c, []).append(h)
    for i, (s, e) in enumerate(spans):
        parent = ev = conf = None
        quotes: list[str] = []
        for h in hits_by_comment.get(i, []):
            passage = h.passage.strip()
            if passage and passage in texts[i] and passage not in quotes:
                quotes.append(passage)
            src = comment_of(h.source) if h.source > post_end else None
            if parent is None and src is not None and src < i:
                parent, ev = src, "quote"
                conf = 0.9 if h.whole_line else 0.7
        if parent is None:
            w, evid, c, name = opener(first_lines[i])
            if evid == "above" and i > 0 and len(texts[i].split()) <= REACTION_MAX_WORDS:
                parent, ev, conf = i - 1, "short reaction", c
            elif name and evid in {"@name", "replying to", "name:", "thanks name"}:
                k = _by_author(name, authors, i)
                if k is not None:
                    parent, ev, conf = k, evid, c
        out.append((parent, ev, conf, tuple(quotes)))
    return out


# --------------------------------------------------------------------------------------
# Learned linking under the printing-order constraint

def comment_info(spans: Sequence[tuple[int, int]], texts: Sequence[str], first_lines: Sequence[str],
                 authors: Sequence[Optional[str]], quote_hits: Sequence[QuoteHit],
                 post_end: int) -> list[dict]:
    """What the reply model reads about each comment (see :func:`features.reply_features`)."""
    from ..text.names import vocatives
    from .features import mentions

    comment_of = span_finder(spans)
    info = []
    for i, (s, e) in enumerate(spans):
        info.append({"text": texts[i], "first": first_lines[i], "author": authors[i],
                     "mentions": set(mentions(first_lines[i][:200])),
                     "mention_list": mentions(texts[i][:300]),
                     "quoted": set(), "quote_whole": set(), "opener": opener(first_lines[i]),
                     "vocatives": vocatives(texts[i][:400])})
    seen: set = set()
    for x in info:                      # has this author written an earlier comment?
        x["first_time"] = bool(x["author"]) and x["author"] not in seen
        if x["author"]:
            seen.add(x["author"])
    for h in quote_hits:
        c = comment_of(h.line)
        src = comment_of(h.source) if h.source > post_end else None
        if c is not None and src is not None and src < c:
            info[c]["quoted"].add(src)
            if h.whole_line:
                info[c]["quote_whole"].add(src)
    return info


def thread_context(info: Sequence[dict]) -> dict:
    """Thread-wide facts: the most mentioned @name (the post's author on Twitter) and
    the most frequent commenter (a blog's author answering readers)."""
    from collections import Counter
    mc = Counter(m for x in info for m in x["mentions"])
    ac = Counter(x["author"] for x in info if x["author"])
    top = mc.most_common(1)[0][0] if mc and mc.most_common(1)[0][1] >= max(2, len(info) // 3) else None
    regular = None
    if ac:
        name, k = ac.most_common(1)[0]
        if k >= 3 and k >= 0.2 * len(info):
            regular = name
    vc = Counter(v for x in info for v in x.get("vocatives", ()))
    host = None
    if vc:
        name, k = vc.most_common(1)[0]
        if k >= 2:
            host = name
    return {"top_mention": top, "regular": regular, "host": host}


def spine_of(i: int, parents: Sequence[Optional[int]]) -> list[int]:
    """Comments that comment ``i`` may reply to in a threaded page's printing order:
    the comment just above, its parent, that one's parent, ... (nearest first)."""
    out = []
    k = i - 1
    while k is not None and k >= 0 and len(out) < MAX_SPINE:
        out.append(k)
        k = parents[k]
    return out


def _evidence(i: int, p: Optional[int], info: Sequence[dict], feats: dict) -> str:
    if p is None:
        return "top-level"
    if feats.get("quote"):
        return "quote"
    if feats.get("name_author"):
        return info[i]["opener"][1] or "@name"
    if feats.get("mention_superset", 0) >= 1 and feats.get("mention_extra", 0) >= 1:
        return "@mentions"
    if feats.get("name_alias"):
        return "name alias"
    if feats.get("short_reaction"):
        return "short reaction"
    if feats.get("author_back_and_forth"):
        return "back and forth"
    return "above" if p == i - 1 else "thread order"


def _named_on_spine(me: dict, spine: Sequence[int], info: Sequence[dict],
                    top: Optional[str], host: Optional[str] = None) -> Optional[int]:
    """The nearest spine comment whose (known) author the comment addresses first
    ("@Name", "Name:", "Replying to Name", "Thanks, Name"). The thread's most mentioned
    name (the post's author on Twitter) is skipped: addressing it answers the post."""
    w, ev, _, name = me["opener"]
    names = []
    if name and ev in {"replying to", "name:", "thanks name"}:
        names.append(name)
    names += me.get("mention_list", [])
    # names addressed in passing ("You're welcome, Laura!"), except the thread's host
    names += [v for v in me.get("vocatives", []) if v != host]
    keys = [k for k in (_norm(x) for x in names) if k and k != _norm(top or "")]
    if not keys:
        return None
    key = keys[0]
    for k in spine:
        a = info[k]["author"]
        if not a:
            continue
        na = _norm(a)
        fa = _norm(a.split()[0]) if a.split() else ""
        if key == na or key == fa:
            return k
    return None


#: a reply edge is drawn to the best spine comment when its share of the candidates'
#: probability reaches this, even if "to the post" scores higher: reply F1 counts only
#: edges, and an edge right with probability q is worth drawing once q exceeds about half
#: the F1 one can hope for (Lipton et al. 2014, "Thresholding classifiers to maximize F1")
EDGE_MIN_SHARE = 0.4


def link_learned(info: Sequence[dict], model, post_text: str = "",
                 edge_min_share: float = EDGE_MIN_SHARE) -> list[tuple[Optional[int], str, float]]:
    """(parent, evidence, confidence) per comment: at each comment the model scores "to
    the post" and every comment on the printing-order spine; the best one wins and its
    share of the candidates' probability is the confidence."""
    from .features import REPLY_FEATURES, reply_features

    from .lines import content_words
    ctx = thread_context(info)
    ctx["post_words"] = content_words(post_text)
    top = ctx.get("top_mention")
    n = len(info)
    parents: list[Optional[int]] = []
    depth: list[int] = []
    n_children = [0] * n
    out = []
    for i in range(n):
        spine = spine_of(i, parents)
        cands: list[Optional[int]] = [None] + spine
        scored = []
        for c in cands:
            x = reply_features(i, c, spine, info, parents, depth, n_children, ctx)
            scored.append((model.proba(x), c, dict(zip(REPLY_FEATURES, x))))
        total = sum(p for p, _, _ in scored) or 1.0
        p, best, feats = max(scored, key=lambda t: t[0])
        ml = info[i].get("mention_list") or []
        to_post = bool(top) and bool(ml) and info[i]["first"].lstrip(".").startswith("@") and ml[0] == top
        if to_post:
            # it opens by naming the thread's most named person (the post's author on
            # Twitter) first: it answers the post
            p, best, feats = scored[0]
        elif best is None and len(scored) > 1:
            alt = max(scored[1:], key=lambda t: t[0])
            if alt[0] / total >= edge_min_share:
                p, best, feats = alt
        named = None if to_post else _named_on_spine(info[i], spine, info, top, ctx.get("host"))
        if named is not None:
            # the comment addresses the author of a comment it may reply to: decisive
            p, best, feats = next(t for t in scored if t[1] == named)
            feats = dict(feats, name_author=1.0)
            total = p
        parents.append(best)
        depth.append(0 if best is None else depth[best] + 1)
        if best is not None:
            n_children[best] += 1
        out.append((best, _evidence(i, best, info, feats), round(p / total, 3)))
    return out
