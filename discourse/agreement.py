"""Agreement stage: does each comment agree with, disagree with, question or just comment
on what it replies to, and where does it stand on the post's claim?

Two answers per comment (an :class:`~discourse.model.Agreement`):

- ``label`` toward the parent (its parent comment, or the post for a top-level
  comment): ``agree`` / ``disagree`` / ``question`` / ``comment``, decided by the cue
  tables below (:data:`CUES`) and the VADER sentiment of the comment's own words;
- ``stance_to_post`` toward the post's claim: ``support`` / ``deny`` / ``query`` /
  ``comment`` (the RumourEval scheme): the label mapped (agree → support, …), kept only
  where a small logistic model over the same cues and a few generic surface features
  (:data:`FEATURES`; ``data/agreement.json``, written by
  ``bench/train_agreement.py``; readable JSON, no pickle) also says the comment takes a
  stance. Most comments take none; the model's job is to say which do, the cues' job
  to say which stance. Measured in ``bench/stance_quality.py``.

Everything the stage "knows" about English discourse lives in :data:`CUES`: generic
openers and phrases ("Agreed", "Not true", "Source?"), never words of a particular
thread's story. Pure functions, no I/O after the model is read (once, cached read-only),
deterministic: the stage can be mapped over Dask partitions.

>>> from discourse.model import Comment, Post, Thread
>>> t = Thread(Post("The bridge will close in May."),
...            (Comment(0, "Agreed, about time."), Comment(1, "Not true, it was postponed.", parent=0),
...             Comment(2, "Source?")))
>>> [(a.label, a.cues[0]) for a in agreement(t)]
[('agree', 'opener:agreed'), ('disagree', 'opener:not true'), ('question', 'source-request:source?')]
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from .linear import logits, softmax
from .model import Agreement, Comment, Sentiment, Thread, parents_of
from .sentiment import make_analyzer, score_text, split_sentences
from .text.own import opens_with_handles, own_text, reply_text
from .text.tokens import BAG_WORD, ascii_words, has_url, strip_urls

from .model import AGREEMENT_LABELS as LABELS, LABEL_TO_STANCE, POST_STANCES as STANCES  # noqa: E402
MODEL_PATH = Path(__file__).parent / "data" / "agreement.json"

# --------------------------------------------------------------------------------------
# Cues, as data. Each group maps a cue name to regular expressions (case-insensitive).
# ``opener`` groups match only at the start of the comment's own words (after any
# leading @names); the others anywhere. Only generic discourse cues belong here.
_OPEN = r"^\W{0,3}"
CUES: dict[str, tuple[str, ...]] = {
    # agreement with the parent, said first
    "agree-opener": (
        r"agreed?\b", r"absolutely\b", r"exactly\b", r"this[.!]*$", r"this\s*[.!]+",
        r"(?:yes|yep|yeah|yup|true|so true|indeed|precisely|correct|right on|spot on|bingo)\b",
        r"thanks?\b", r"thank you\b", r"well said\b", r"well put\b", r"good point\b",
        r"great point\b", r"\+1\b", r"(?:you'?re|you are|ur) (?:so |absolutely |totally |quite )?(?:right|correct)\b",
        r"(?:i )?couldn'?t agree more\b", r"(?:i )?could not agree more\b", r"same here\b",
        r"amen\b", r"(?:can )?confirm(?:ed)?\b", r"true that\b", r"fair point\b", r"you nailed it\b",
    ),
    # agreement said anywhere
    "agree": (
        r"\bi (?:totally |fully |completely |strongly )?agree\b(?! with (?:none|nothing))",
        r"\bwell said\b", r"\bgood point\b",
        r"\byou(?:'?re| are) (?:so |absolutely |totally |quite )?right\b",
        r"\bcouldn'?t agree more\b", r"\bcould not agree more\b", r"\bso true\b",
        r"\bsad (?:but )?truth\b", r"\bspot on\b", r"\bcan confirm\b", r"\bthis is (?:so )?true\b",
        r"\bexactly (?:right|this|my point)\b", r"\byou convinced me\b",
        r"\byou'?ve convinced me\b", r"\bhear,? hear\b", r"\bnailed it\b",
    ),
    # disagreement with the parent, said first
    "disagree-opener": (
        r"no\b\s*[,.!:;]", r"nope\b", r"nah\b", r"wrong\b", r"false\b", r"not true\b",
        r"not really\b", r"(?:that'?s |this is )?(?:total |utter |complete )?(?:nonsense|rubbish|garbage|bs|bullshit|crap)\b",
        r"get real\b", r"come on\b", r"thanks? for nothing\b", r"oh please\b", r"seriously\?", r"really\?",
        r"um+\b", r"uh+\b", r"wait,? what\b", r"actually,", r"except\b", r"incorrect\b",
        r"not so\b", r"i doubt\b", r"doubt it\b", r"nice try\b", r"lol no\b", r"haha,? no\b",
    ),
    # disagreement said anywhere
    "disagree": (
        r"\bi (?:strongly |completely |totally )?disagree\b", r"\bi don'?t agree\b",
        r"\bi do not agree\b", r"\bi'?m not sure i agree\b", r"\byou'?re (?:wrong|mistaken|incorrect)\b",
        r"\byou are (?:wrong|mistaken|incorrect)\b", r"\bthat'?s not (?:true|right|correct|what)\b",
        r"\bthat is not (?:true|right|correct)\b", r"\bnot how (?:it|that|this) works\b",
        r"\bget real\b", r"\bdoesn'?t make sense\b", r"\bmakes no sense\b",
        r"\byou (?:didn'?t|did not|obviously didn'?t|clearly didn'?t) read\b",
        r"\bmissing the point\b", r"\bmissed the point\b", r"\bstraw ?man\b",
        r"\bwhat are you talking about\b", r"\bno offen[cs]e\b", r"\bbut\b.{0,40}\bmore to (?:this|the) story\b",
        r"\bthat doesn'?t (?:mean|prove)\b", r"\bdoesn'?t matter\b",
    ),
    # denial of a claim: words that call it false
    "deny-phrase": (
        r"\bnot true\b", r"\buntrue\b", r"\bfalse\b", r"\bfake\b", r"\bhoax\b", r"\bdebunk(?:ed|s)?\b",
        r"\bmyth\b", r"\blies\b", r"\blie\b", r"\blying\b", r"\bliars?\b", r"\blied\b",
        r"\bnonsense\b", r"\brubbish\b", r"\bbull ?shit\b", r"\bbs\b", r"\bpropaganda\b",
        r"\bmisinformation\b", r"\bdisinformation\b", r"\bmisleading\b", r"\bmade up\b",
        r"\bfabricat(?:ed|ion)\b", r"\bno evidence\b", r"\bno proof\b", r"\bnot (?:very )?believable\b",
        r"\bunbelievable\b", r"\bnot a (?:single|damn) one\b", r"\bretract(?:ion)?\b",
        r"\bconspiracy theor(?:y|ies|ist)\b", r"\bsatire\b", r"\bphotoshop(?:ped)?\b",
        r"\bdoctored\b", r"\bstaged\b", r"\bspin\b", r"\bnot (?:actually|really) (?:true|the case)\b",
        r"\bthere is no\b(?! doubt)", r"\bthere'?s no\b(?! doubt)", r"\bnever happened\b",
        r"\bdidn'?t happen\b",
    ),
    # rhetorical challenges: questions that disagree
    "challenge": (
        r"\bgo on\b.{0,30}\benlighten\b", r"\benlighten (?:us|me)\b", r"\bsays who\b",
        r"\bare you (?:kidding|serious|joking)\b", r"\bi'?ll wait\b", r"\bstill waiting\b",
        r"\bwho (?:cares|says)\b", r"\bhow (?:would|do|does|can) (?:you|they|anyone) (?:know|prove)\b",
        r"\bwhere(?:'s| is) (?:the|your) (?:proof|evidence)\b", r"\bseriously\?",
        r"\byou (?:do )?reali[sz]e\b", r"\bdo you (?:even|actually|really)\b",
        r"\bhave you (?:even|ever)\b", r"\bsince when\b",
    ),
    # asking for evidence or clarification
    "source-request": (
        r"\bsource\s*\?", r"\bsources\s*\?", r"\bcitation needed\b", r"\blink\s*\?",
        r"\bany (?:source|link|proof|evidence)\b", r"\b(?:what|where)(?:'s| is) (?:your|the) source\b",
        r"\bcan (?:i|you) (?:have|get|share|post|give)\b.{0,30}\b(?:source|link|proof|evidence)\b",
        r"\bis (?:this|that|it) (?:true|real|confirmed|legit)\b", r"\bis there (?:any|a)\b",
        r"\bhas (?:this|that|it|there) been (?:confirmed|verified)\b",
        r"\bplease (?:elaborate|explain|clarify)\b", r"\bcare to (?:elaborate|explain)\b",
        r"\bwhat do you mean\b", r"\bwhat does (?:this|that|it) mean\b", r"\byou mean\b",
        r"\bconfirmed\s*\?", r"\bwas it\b.{0,20}\?", r"\breally\s*\?",
        # a short question that opens with a wh-word, and asking for a source or proof
        r"^\W{0,3}(?:who|what|when|where|why|how)\b[^.!?]{0,60}\?\s*$",
        r"\b(?:any|got a|have a) (?:source|link|proof|evidence)\b", r"\bsource\b[^.!]{0,20}\?",
        r"\byou sure\b", r"\bproof\s*\?", r"\bevidence\s*\?",
    ),
    # doubt without outright denial
    "hedge": (
        r"^\W{0,3}not sure\b", r"\bi'?m not sure\b", r"\bi doubt\b", r"\bdoubtful\b",
        r"\bskeptical\b", r"\bsceptical\b", r"\bunconfirmed\b", r"\ballegedly\b",
        r"\bsupposedly\b", r"\bif true\b", r"\bif (?:this|that|it)'?s true\b",
        r"\bwe'?ll see\b", r"\bwait and see\b", r"\btake (?:this|that|it) with a grain\b",
    ),
    # endorsing by repeating: retweets, "this", emphatic reactions
    "endorse": (
        r"^\W{0,3}rt\b", r"^\W{0,3}this\W*$", r"\bspread the word\b", r"\bplease share\b",
        r"\bshare this\b", r"\bwow\b", r"\bwhoa\b", r"\bunreal\b", r"\bshocking\b",
        r"\bsmh\b", r"\bthis has to (?:end|stop)\b", r"\breal life\b",
    ),
}
#: groups whose patterns only match at the start of the comment's own words
OPENER_GROUPS = frozenset({"agree-opener", "disagree-opener"})

#: cue-group name -> compiled patterns
_COMPILED: dict[str, tuple[re.Pattern, ...]] = {
    g: tuple(re.compile((_OPEN + p) if g in OPENER_GROUPS else p, re.IGNORECASE) for p in pats)
    for g, pats in CUES.items()
}
#: how a cue is named in ``Agreement.cues``: "opener:agreed", "deny-word:fake", ...
_CUE_PREFIX = {"agree-opener": "opener", "disagree-opener": "opener", "agree": "agree-phrase",
               "disagree": "disagree-phrase", "deny-phrase": "deny-phrase",
               "challenge": "challenge", "source-request": "source-request", "hedge": "hedge",
               "endorse": "endorse"}

_QUESTION_START = re.compile(
    r"^\W{0,3}(?:who|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|"
    r"would|will|should|has|have|had|isn'?t|aren'?t|didn'?t|doesn'?t|won'?t|any)\b", re.I)
#: share of a comment's word trigrams found in the post that makes it a re-post
REPOST_SHARE = 0.6


# --------------------------------------------------------------------------- text
# What a comment says for cue matching is :func:`discourse.text.own.reply_text`: its own
# words without a quoted retweet and the @names that open a reply.


def find_cues(text: str) -> dict[str, list[str]]:
    """The cue groups of :data:`CUES` that ``text`` matches, with the matched phrases.

    >>> find_cues("Nonsense. Source?")
    {'disagree-opener': ['nonsense'], 'deny-phrase': ['nonsense'], 'source-request': ['source?']}
    """
    found: dict[str, list[str]] = {}
    for group, pats in _COMPILED.items():
        hits = []
        for p in pats:
            m = p.search(text)
            if m:
                ws = m.group(0).strip(" \t\"'“”.,!:;-").lower().split()
                hit = " ".join(ws) if len(ws) <= 4 else f"{ws[0]} {ws[1]}…{ws[-1]}"
                if hit and hit not in hits:
                    hits.append(hit)
        if hits:
            found[group] = hits
    return found


def _depth(comment: Comment, thread: Thread) -> int:
    """How many comments up the reply chain the post is (0: a reply to the post)."""
    d, p = 0, comment.parent
    while p is not None and 0 <= p < len(thread.comments) and d < 50:
        d, p = d + 1, thread.comments[p].parent
    return d


def _trigrams(ws: Sequence[str]) -> set:
    return {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}


# --------------------------------------------------------------------------- features

#: the features the model reads, in order (``bench/train_agreement.py`` writes them
#: into the model file, and the model is refused if they differ). The first twenty come
#: from the cues; the rest are the generic surface features of the RumourEval systems
#: (Kochkina et al. 2017, Enayet & El-Beltagy 2017): negation, swear and "false"-word
#: counts, question words, a URL, "!" and "?" counts, the share of capitals, length, the
#: word-count cosine of the reply with the post and with its parent, a hashtag, and
#: VADER's positive and negative proportions.
FEATURES = (
    "agree_opener", "agree", "disagree_opener", "disagree", "deny", "challenge",
    "source_request", "hedge", "endorse", "question", "question_start", "ends_question",
    "retweet", "repeats_post", "compound", "top_level", "depth", "short", "no_own_words",
    "addressed",
    "negations", "swears", "false_words", "question_words", "url", "exclamations",
    "question_marks", "capitals", "log_length", "cosine_post", "cosine_parent", "hashtag",
    "vader_pos", "vader_neg",
)
# Measured (bench/stance_quality.py, leave-one-thread-out): the surface features lift
# the held-out macro-F1 of the gate from 0.447 to 0.464; a word 1-2-gram TF-IDF model
# (vocabulary used in >= 3 training threads), alone or next to these features, did not
# (0.29-0.32 alone, 0.44-0.47 with them), so none is shipped.
# The source-request shapes (short wh-question, "any proof", "you sure", "evidence?") and
# hedges asking only beside a question mark: 0.464 -> 0.469 (reddit 0.418 -> 0.428,
# twitter 0.452 -> 0.453), chosen by looking at the held-out figures, so within noise.

#: generic word lists of the surface features (counts are capped at 3)
_NEGATION = re.compile(r"\b(?:not|no|never|nobody|nothing|none|neither|nor|cannot|nowhere)\b|n't\b", re.I)
_SWEAR = re.compile(r"\b(?:fuck\w*|shit\w*|damn\w*|ass|asses|asshole\w*|bitch\w*|crap\w*|hell|wtf|"
                    r"stfu|bastard\w*|idiot\w*|stupid|dumb\w*|moron\w*|piss\w*)\b", re.I)
_FALSE_WORD = re.compile(r"\b(?:fake|hoax|lie|lies|lying|liar|rumou?rs?|debunk\w*|false|untrue|misleading|"
                         r"bogus|fabricat\w*|unconfirmed|unverified|propaganda)\b", re.I)
_QUESTION_WORD = re.compile(r"\b(?:what|why|how|who|where|when|which|whose)\b", re.I)


def word_bag(text: str) -> Counter:
    """Lower-case word counts of ``text`` (URLs left out), for :func:`cosine`."""
    return Counter(BAG_WORD.findall(strip_urls(text.lower())))


def cosine(a: Counter, b: Counter) -> float:
    """Cosine of two word bags (0 when either is empty).

    >>> round(cosine(word_bag("the bridge is closed"), word_bag("The bridge is open")), 2)
    0.75
    """
    if not a or not b:
        return 0.0
    num = sum(v * b.get(k, 0) for k, v in a.items())
    return num / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def comment_features(comment: Comment, thread: Thread, sentiment: Sentiment, *,
                     post_bag: Optional[Counter] = None,
                     post_grams: Optional[set] = None,
                     parent_bag: Optional[Counter] = None) -> tuple[dict, dict]:
    """The features of one comment (a dict over :data:`FEATURES`, plus ``quote_rebut``
    for the rules) and the cues it matched (:func:`find_cues`). ``post_bag`` is
    ``word_bag(thread.post.text)``, ``post_grams`` its word trigrams and ``parent_bag``
    the parent's word bag, passed in to score a thread's comments without recounting
    the post, or a parent for each of its replies.

    >>> from discourse.model import Post
    >>> t = Thread(Post("The bridge closes in May."), (Comment(0, "@ann Source?"),))
    >>> f, cues = comment_features(t.comments[0], t, Sentiment(0, 0, 1, 0, 1, 0, 0))
    >>> f["source_request"], f["question"], f["addressed"], cues
    (1.0, 1.0, 1.0, {'source-request': ['source?']})
    """
    text, retweet = reply_text(comment)
    cues = find_cues(text)
    ws = ascii_words(text)
    qs = [s for s in split_sentences(text) if "?" in s]
    grams = _trigrams(ascii_words(comment.text))
    if post_grams is None:
        post_grams = _trigrams(ascii_words(thread.post.text))
    bag = word_bag(text)
    if post_bag is None:
        post_bag = word_bag(thread.post.text)
    parent = comment.parent
    if parent_bag is None:
        parent_bag = (word_bag(thread.comments[parent].text)
                      if parent is not None and 0 <= parent < len(thread.comments) else post_bag)
    letters = [ch for ch in text if ch.isalpha()]
    neg_said = bool(cues.get("disagree-opener") or cues.get("disagree") or cues.get("deny-phrase"))
    f = {
        "agree_opener": float("agree-opener" in cues),
        "agree": float("agree" in cues),
        "disagree_opener": float("disagree-opener" in cues),
        "disagree": float("disagree" in cues),
        "deny": float(len(cues.get("deny-phrase", ()))),
        "challenge": float("challenge" in cues),
        "source_request": float("source-request" in cues),
        "hedge": float("hedge" in cues),
        "endorse": float("endorse" in cues),
        "question": float(bool(qs)),
        "question_start": float(any(_QUESTION_START.match(s) for s in qs)),
        "ends_question": float(text.rstrip().endswith("?")),
        "retweet": float(retweet),
        "repeats_post": len(grams & post_grams) / len(grams) if grams else 0.0,
        "compound": sentiment.compound,
        "top_level": float(comment.parent is None),
        "depth": float(min(3, _depth(comment, thread))),
        "short": float(len(ws) <= 5),
        "no_own_words": float(not ws),
        "addressed": float(opens_with_handles(own_text(comment))),
        "negations": float(min(3, len(_NEGATION.findall(text)))),
        "swears": float(min(3, len(_SWEAR.findall(text)))),
        "false_words": float(min(3, len(_FALSE_WORD.findall(text)))),
        "question_words": float(min(3, len(_QUESTION_WORD.findall(text)))),
        "url": float(has_url(comment.text)),
        "exclamations": float(min(3, text.count("!"))),
        "question_marks": float(min(3, text.count("?"))),
        "capitals": sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0,
        "log_length": math.log1p(len(BAG_WORD.findall(text.lower()))),
        "cosine_post": cosine(bag, post_bag),
        "cosine_parent": cosine(bag, parent_bag),
        "hashtag": float("#" in text),
        "vader_pos": sentiment.pos,
        "vader_neg": sentiment.neg,
        # quoting in order to rebut: a cue for the rules, not a model feature
        "quote_rebut": float(bool(comment.quotes) and (neg_said or sentiment.compound < -0.3)),
    }
    return f, cues


def _cue_names(cues: dict, groups: Sequence[str]) -> list[str]:
    return [f"{_CUE_PREFIX[g]}:{h}" for g in groups for h in cues.get(g, ())]


def rule_label(f: dict, cues: dict) -> tuple[str, float, tuple[str, ...]]:
    """The agreement label toward the parent from the cues and sentiment alone.

    A question mark makes a question only where the comment ends with one or is short:
    a long comment with a question inside it argues more than it asks. Order of
    precedence: explicit disagreement (an opener, a phrase, a rhetorical
    challenge, quoting to rebut) beats explicit agreement, which beats a question (a
    hedge such as "allegedly" counts as one only in a comment with a question mark);
    a re-post of the post (a retweet) agrees; else it is a comment. Sentiment alone does
    not decide: a strongly-toned reply with no cue leaning agree/disagree by its tone was
    measured to hurt (``bench/stance_quality.py``: most such replies are comments).

    >>> rule_label({"question": 1.0, "ends_question": 1.0}, {})
    ('question', 0.6, ('question',))
    """
    dis = _cue_names(cues, ("disagree-opener", "disagree", "challenge", "deny-phrase"))
    if f.get("quote_rebut"):
        dis.append("quote-rebut")
    agr = _cue_names(cues, ("agree-opener", "agree"))
    # doubt ("allegedly", "sceptical") asks only where the comment asks something
    ask = _cue_names(cues, ("source-request", "hedge") if f.get("question") else ("source-request",))
    if dis and not (agr and not cues.get("disagree-opener") and not cues.get("disagree")):
        return "disagree", min(0.95, 0.6 + 0.1 * len(dis)), tuple(dis + agr)
    if agr:
        return "agree", min(0.95, 0.6 + 0.1 * len(agr)), tuple(agr + dis)
    if ask or f.get("ends_question") or (f.get("question") and f.get("short")):
        return "question", min(0.9, 0.6 + 0.1 * len(ask)), tuple(ask or ["question"])
    if f.get("retweet") or f.get("repeats_post", 0.0) >= REPOST_SHARE:
        return "agree", 0.6, ("repost",)
    return "comment", 0.6, ()


def chain_stance(label: str, parent_stance: Optional[str]) -> str:
    """Stance toward the post from the label toward the parent and the parent's stance.

    Agreeing with a parent keeps its stance; disagreeing with a parent that denies the
    claim supports it (and vice versa); a reply to the post maps its label directly.

    >>> chain_stance("disagree", "deny"), chain_stance("agree", "deny"), chain_stance("agree", None)
    ('support', 'deny', 'support')
    """
    if parent_stance in ("support", "deny"):
        flip = {"support": "deny", "deny": "support"}
        if label == "agree":
            return parent_stance
        if label == "disagree":
            return flip[parent_stance]
    return LABEL_TO_STANCE[label]


# --------------------------------------------------------------------------- conversation

#: what the model reads about the comment's place in the conversation: the parent's
#: features (zeros for a reply to the post), how many replies the comment drew, and the
#: cue rules' label of the comment and of its parent (one-hot). RumourEval systems read
#: the branch this way (Kochkina et al. 2017; Zubiaga et al. 2018).
CONVERSATION_FEATURES = (
    tuple(f"parent_{n}" for n in FEATURES) + ("log_replies",)
    + tuple(f"rule_{k}" for k in LABELS) + tuple(f"parent_rule_{k}" for k in LABELS)
)
ALL_FEATURES = FEATURES + CONVERSATION_FEATURES


def thread_features(thread: Thread, sentiments: Sequence[Sentiment]) -> list[tuple[dict, dict, tuple]]:
    """Per comment of ``thread``: its features (:data:`ALL_FEATURES`, plus
    ``quote_rebut``), its cues and its rule label ``(label, confidence, why)``. A
    comment whose parent does not resolve (:func:`~discourse.model.parents_of`) counts
    as a reply to the post. The trainer (``bench/train_agreement.py``) reads the same."""
    post_bag = word_bag(thread.post.text)
    post_grams = _trigrams(ascii_words(thread.post.text))
    bags = [word_bag(c.text) for c in thread.comments]
    parents = parents_of(thread.comments)
    base = []
    for i, (c, parent) in enumerate(zip(thread.comments, parents)):
        if parent != c.parent:
            c = Comment(c.index, c.text, parent=None, quotes=c.quotes)
        f, cues = comment_features(c, thread, sentiments[i], post_bag=post_bag,
                                   post_grams=post_grams,
                                   parent_bag=post_bag if parent is None else bags[parent])
        base.append((f, cues, rule_label(f, cues)))
    replies = Counter(p for p in parents if p is not None)
    out = []
    for i, (f, cues, rule) in enumerate(base):
        p = parents[i]
        g = dict(f)
        pf = base[p][0] if p is not None else None
        for n in FEATURES:
            g[f"parent_{n}"] = pf[n] if pf is not None else 0.0
        g["log_replies"] = math.log1p(replies[i])
        for k in LABELS:
            g[f"rule_{k}"] = float(rule[0] == k)
            g[f"parent_rule_{k}"] = float(p is not None and base[p][2][0] == k)
        out.append((g, cues, rule))
    return out


# --------------------------------------------------------------------------- the model


@lru_cache(maxsize=1)
def _model_text() -> Optional[str]:
    return MODEL_PATH.read_text(encoding="utf-8") if MODEL_PATH.exists() else None


def shipped_model() -> Optional[dict]:
    """The shipped stance model (``data/agreement.json``), or ``None`` if there is none.
    A fresh dict each call (the file is read once), so a caller's edits stay its own."""
    text = _model_text()
    return None if text is None else json.loads(text)


def reliability(model: Optional[dict] = None) -> dict:
    """What the report may say about the stance model: its per-class thresholds and the
    held-out figures the trainer measured (``{}`` without a model)."""
    model = shipped_model() if model is None else model
    if not model:
        return {}
    return {"thresholds": dict(model.get("thresholds") or {}),
            "held_out": dict(model.get("held_out") or {}),
            "trained_on": model.get("trained_on", "")}


def model_logits(model: dict, f: dict) -> list[float]:
    """``coef · (x - mean) / scale + intercept`` of a multinomial logistic model stored
    as plain JSON (:func:`discourse.linear.logits`), over ``model["features"]`` (each
    must be a known feature)."""
    names = model["features"]
    unknown = [n for n in names if n not in f]
    if unknown:
        raise ValueError(f"agreement model reads unknown features: {unknown[:3]}")
    return logits([f[n] for n in names], model["mean"], model["scale"], model["coef"],
                  model["intercept"])


def model_proba(model: dict, f: dict) -> dict[str, float]:
    """The model's class probabilities (as trained: rare classes weighted up)."""
    return dict(zip(model["classes"], softmax(model_logits(model, f))))


def calibrated_proba(model: dict, f: dict) -> dict[str, float]:
    """Class probabilities recalibrated on held-out threads: ``softmax(z / T + b)``
    with the temperature ``T`` and class biases ``b`` of ``model["calibration"]``
    (fitted by the trainer on out-of-fold predictions; undoes the class weighting).
    Without a calibration, :func:`model_proba`."""
    z = model_logits(model, f)
    cal = model.get("calibration")
    if cal:
        z = [v / cal["temperature"] + b for v, b in zip(z, cal["bias"])]
    return dict(zip(model["classes"], softmax(z)))


def decide(guess: str, proba: dict[str, float], thresholds: dict) -> tuple[str, bool]:
    """The stance to assert and whether it is unsure: a best guess of support / deny /
    query is asserted only when its calibrated probability reaches the class's threshold
    (chosen on held-out threads for precision >= 0.6; ``None``: never reached, never
    asserted); otherwise ``("comment", True)``.

    >>> decide("query", {"query": 0.9}, {"query": 0.8}), decide("deny", {"deny": 0.9}, {"deny": None})
    (('query', False), ('comment', True))
    """
    if guess == "comment":
        return "comment", False
    t = thresholds.get(guess)
    if t is not None and proba.get(guess, 0.0) >= t:
        return guess, False
    return "comment", True


# --------------------------------------------------------------------------- the stage


def agreement(thread: Thread, *, sentiments: Optional[Sequence[Sentiment]] = None,
              analyzer=None, model: Optional[dict] = None,
              chain: Optional[bool] = None) -> tuple[Agreement, ...]:
    """One :class:`~discourse.model.Agreement` per comment of ``thread`` (aligned).

    ``sentiments`` are the comments' sentiments (from :mod:`discourse.sentiment`); when
    missing they are scored here with ``analyzer`` (default: the shared VADER). ``model``
    replaces the shipped stance model (the bench's held-out runs pass their own; ``{}``
    means none: stances from the labels, all asserted). ``chain`` follows the reply chain
    for replies to comments (:func:`chain_stance`); by default the model file says whether to.

    With a model: the model says whether the comment takes a stance at all (its most
    probable class is not ``comment``), the cue rules say which (``stance_guess``);
    the guess is asserted as ``stance_to_post`` only above the model's per-class
    threshold (:func:`decide`), else ``comment`` with ``stance_unsure``.
    ``stance_probabilities`` are the calibrated probabilities (support, deny, query,
    comment) and ``stance_confidence`` the one of the guess.
    """
    if sentiments is None:
        analyzer = analyzer if analyzer is not None else make_analyzer()
        sentiments = [score_text(reply_text(c)[0], analyzer=analyzer) for c in thread.comments]
    model = shipped_model() if model is None else (model or None)
    if chain is None:
        chain = bool(model.get("chain", False)) if model else False
    thresholds = (model or {}).get("thresholds") or {k: 0.0 for k in STANCES}
    out: list[Agreement] = []
    parents = parents_of(thread.comments)
    for (f, cues, (label, conf, why)), parent in zip(thread_features(thread, sentiments), parents):
        parent_stance = out[parent].stance_guess if (chain and parent is not None) else None
        guess, s_conf = chain_stance(label, parent_stance), conf
        proba = None
        if model:
            # the model gates whether the comment takes a stance at all; the cues say which
            p = model_proba(model, f)
            if max(STANCES, key=lambda k: (p[k], -STANCES.index(k))) == "comment":
                guess = "comment"
            q = calibrated_proba(model, f)
            proba = tuple(round(q[k], 4) for k in STANCES)
            s_conf = q[guess]
            why = why + ("model",)
        stance, unsure = decide(guess, dict(zip(STANCES, proba)) if proba else
                                {k: 1.0 for k in STANCES}, thresholds)
        out.append(Agreement(label=label, confidence=round(conf, 3), cues=why,
                             stance_to_post=stance, stance_confidence=round(s_conf, 3),
                             stance_guess=guess, stance_unsure=unsure,
                             stance_probabilities=proba))
    return tuple(out)


__all__ = ["ALL_FEATURES", "CONVERSATION_FEATURES", "CUES", "FEATURES", "LABELS", "STANCES",
           "agreement", "calibrated_proba", "reliability", "chain_stance", "decide", "thread_features",
           "comment_features", "cosine", "find_cues", "model_proba", "reply_text", "rule_label",
           "word_bag"]
