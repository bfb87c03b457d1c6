"""Generic, measured features for the splitter's learned decisions.

Three decisions are learned (see ``bench/train_splitter.py``), each from a feature vector
built here:

- :func:`line_features`: "does this line start a new comment?" (segmentation);
- :func:`post_features`: "is this line still part of the post?" (post / comments cut);
- :func:`reply_features`: "is this candidate the comment this one replies to?".

Only *generic* evidence is used: the cue tables of :mod:`discourse.split.cues`, line shape,
writing habits (apostrophe and quote style, "dont" vs "don't", lower-case "i"), lexical
cohesion measured as overlap of content words (never which words), position. No feature
memorises a vocabulary, a name or a line number.
"""
from __future__ import annotations

import math
import re
from typing import Optional, Sequence

from ..text.tokens import opening_words
from . import cues
from .lines import content_words, ends_terminal, is_blank, is_heading

_CURLY_APOS = re.compile(r"[a-zA-Z]’[a-zA-Z]")
_STRAIGHT_APOS = re.compile(r"[a-zA-Z]'[a-zA-Z]")
_CURLY_Q = re.compile(r"[“”]")
_STRAIGHT_Q = re.compile(r"\"")
_NO_APOS = re.compile(r"\b(dont|cant|wont|isnt|doesnt|didnt|im|ive|youre|thats|theyre|wasnt|arent|couldnt|wouldnt|shouldnt)\b")
_LOWER_I = re.compile(r"(^|\s)i(\s|'|’|$)")
_SECOND = re.compile(r"\b(you|your|you're|you’re|yours|u|ur|op)\b", re.IGNORECASE)
_FIRST = re.compile(r"\b(i|i'm|i’m|i've|i’ve|my|me)\b", re.IGNORECASE)
_BACK_PRON = re.compile(r"^\s*(it|this|that|these|those|they|he|she|there|such|which|his|her|its|their)\b", re.IGNORECASE)
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]|[:;]-?[)(DPp]\B")
_ELLIPSIS3 = re.compile(r"\.\.\.")
_ELLIPSIS1 = re.compile(r"…")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_][\w.-]{0,39})")
_HASHTAG = re.compile(r"(?<!\w)#\w+")


def mentions(line: str) -> list[str]:
    """@names in a line, lower-cased, in order."""
    return [m.lower().rstrip(".-") for m in _MENTION.findall(line)]


def _words(s: str) -> int:
    return len(s.split())


def cohesion(a: str, b: str) -> float:
    """Share of the smaller side's content words that the other side also uses (0..1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _habits(s: str) -> tuple[int, int, int, int, int, int, int, int]:
    return (bool(_CURLY_APOS.search(s)), bool(_STRAIGHT_APOS.search(s)),
            bool(_CURLY_Q.search(s)), bool(_STRAIGHT_Q.search(s)),
            bool(_NO_APOS.search(s)), bool(_LOWER_I.search(s)),
            bool(_ELLIPSIS3.search(s)), bool(_ELLIPSIS1.search(s)))


def _mismatch(a: tuple, b: tuple) -> tuple[float, float]:
    """(apostrophe/quote-style clash, spelling-habit clash) between two lines' habits."""
    style = 0.0
    if (a[0] and b[1]) or (a[1] and b[0]):
        style += 1.0
    if (a[2] and b[3]) or (a[3] and b[2]):
        style += 1.0
    if (a[6] and b[7]) or (a[7] and b[6]):
        style += 0.5
    spell = 0.0
    if (a[4] and (b[0] or b[1])) or (b[4] and (a[0] or a[1])):
        spell += 1.0
    if a[5] != b[5] and (a[5] or b[5]):
        spell += 0.5
    return style, spell


# --------------------------------------------------------------------------------------
# Segmentation

LINE_FEATURES = (
    "opener", "opener_above", "opener_name", "opener_strong", "continuation", "list_continues",
    "prev_address", "prev_colon", "prev_announces", "prev_unterminated", "lower_start",
    "lower_after_unterminated", "url_line", "url_introduced", "prev_url_line",
    "quote_line", "after_quote_line", "quote_inline",
    "cohesion_prev", "cohesion_window", "cohesion_next",
    "log_words", "log_words_prev", "abs_log_ratio", "short", "short_prev", "prev_reaction",
    "prev_question", "question", "second_person", "first_person_start", "back_pronoun",
    "style_clash", "spell_clash", "at_start", "at_start_prev", "emoji", "exclaim",
    "all_lower", "all_lower_prev", "terminal", "terminal_prev", "heading",
    "pos_frac", "thread_log_words", "thread_at_share", "thread_terminal_share",
    "mention_overlap_prev", "hashtag",
)


def thread_stats(lines: Sequence[str], first: int) -> tuple[float, float, float]:
    """Habits of the whole comment section: words per line, share of '@' starts, share
    of lines ending in a stop. They let one model serve tweets and long-form comments."""
    body = [l.strip() for l in lines[first:] if not is_blank(l)]
    if not body:
        return 0.0, 0.0, 0.0
    lw = sum(math.log1p(_words(l)) for l in body) / len(body)
    at = sum(1 for l in body if l.startswith("@") or l.startswith(".@")) / len(body)
    term = sum(1 for l in body if ends_terminal(l)) / len(body)
    return lw, at, term


def line_features(lines: Sequence[str], j: int, prev: int, prev2: Optional[int],
                  nxt: Optional[int], first: int, n_body: int, pos: int,
                  quote_at: dict, post_end: int, stats: tuple[float, float, float],
                  opener_fn, continuation_fn) -> list[float]:
    """Features of line j (0-based) against the previous non-blank line ``prev``."""
    line, before = lines[j].strip(), lines[prev].strip()
    w, ev, _, name = opener_fn(line)
    wb, evb, _, _ = opener_fn(before)
    c = continuation_fn(line)
    cb = continuation_fn(before)
    f = {}
    f["opener"] = w
    f["opener_above"] = float(ev == "above")
    f["opener_name"] = float(ev in {"@name", "name:", "replying to", "thanks name"})
    f["opener_strong"] = float(w >= 2.0)
    f["continuation"] = c
    f["list_continues"] = float(c >= 2.0 and cb >= 2.0)
    addr = bool(cues.ADDRESS_LINE.match(before)) and evb != "above"
    f["prev_address"] = float(addr)
    f["prev_colon"] = float(bool(cues.PREV_COLON.search(before)))
    f["prev_announces"] = float(bool(cues.PREV_ANNOUNCES.search(before)) and not cues.URL_LINE.match(before))
    unterm = (not ends_terminal(before) and not cues.URL_LINE.match(before)
              and _words(before) >= cues.UNTERMINATED_MIN_WORDS)
    f["prev_unterminated"] = float(unterm)
    low = line[:1].islower()
    f["lower_start"] = float(low)
    f["lower_after_unterminated"] = float(low and unterm)
    url = bool(cues.URL_LINE.match(line))
    f["url_line"] = float(url)
    f["url_introduced"] = float(url and bool(cues.URL_INTRO.search(before)))
    f["prev_url_line"] = float(bool(cues.URL_LINE.match(before)))
    q = quote_at.get(j)
    f["quote_line"] = float(q is not None and q.whole_line and q.source > post_end)
    qb = quote_at.get(prev)
    f["after_quote_line"] = float(qb is not None and qb.whole_line and qb.source > post_end)
    f["quote_inline"] = float(q is not None and not q.whole_line and q.source > post_end)
    f["cohesion_prev"] = cohesion(line, before)
    window = [lines[k] for k in range(max(first, prev - 3), prev + 1) if not is_blank(lines[k])]
    f["cohesion_window"] = cohesion(line, " ".join(window))
    f["cohesion_next"] = cohesion(line, lines[nxt]) if nxt is not None else 0.0
    nw, nwb = _words(line), _words(before)
    f["log_words"] = math.log1p(nw)
    f["log_words_prev"] = math.log1p(nwb)
    f["abs_log_ratio"] = abs(math.log1p(nw) - math.log1p(nwb))
    f["short"] = float(nw <= 6)
    f["short_prev"] = float(nwb <= 6)
    f["prev_reaction"] = float(evb == "above")
    f["prev_question"] = float(before.endswith("?"))
    f["question"] = float(line.endswith("?"))
    f["second_person"] = float(bool(_SECOND.search(line)))
    f["first_person_start"] = float(bool(re.match(r"^\s*(i|i'm|i’m|i've|i’ve|i'd|my)\b", line, re.I)))
    f["back_pronoun"] = float(bool(_BACK_PRON.match(line)))
    style, spell = _mismatch(_habits(line), _habits(before))
    f["style_clash"] = style
    f["spell_clash"] = spell
    f["at_start"] = float(line.startswith("@") or line.startswith(".@"))
    f["at_start_prev"] = float(before.startswith("@") or before.startswith(".@"))
    f["emoji"] = float(bool(_EMOJI.search(line)))
    f["exclaim"] = float("!" in line)
    letters = [ch for ch in line if ch.isalpha()]
    letters_b = [ch for ch in before if ch.isalpha()]
    f["all_lower"] = float(bool(letters) and all(ch.islower() for ch in letters))
    f["all_lower_prev"] = float(bool(letters_b) and all(ch.islower() for ch in letters_b))
    f["terminal"] = float(ends_terminal(line))
    f["terminal_prev"] = float(ends_terminal(before))
    f["heading"] = float(is_heading(line))
    f["pos_frac"] = pos / max(1, n_body)
    f["thread_log_words"], f["thread_at_share"], f["thread_terminal_share"] = stats
    ma, mb = set(mentions(line)), set(mentions(before))
    f["mention_overlap_prev"] = len(ma & mb) / len(ma | mb) if ma and mb else 0.0
    f["hashtag"] = float(bool(_HASHTAG.search(line)))
    return [float(f[k]) for k in LINE_FEATURES]


#: how a line continues the shape of the line before it: parallel openings ("I have no
#: problem with ... / I do need to know ..."), verse (short lines, no full stop between)
SHAPE_FEATURES = ("same_first_word", "same_opening", "verse", "words_ratio_next")


def shape_features(line: str, before: str, after: Optional[str]) -> list[float]:
    """:data:`SHAPE_FEATURES` of ``line`` against its neighbours (stripped lines)."""
    a, b = opening_words(line), opening_words(before)
    nw, nb = _words(line), _words(before)
    verse = nw <= 10 and nb <= 10 and not ends_terminal(before) and not line.startswith(("@", "http"))
    ratio = math.log1p(nw) - math.log1p(_words(after)) if after is not None else 0.0
    return [float(bool(a) and bool(b) and a[0] == b[0]), float(len(a) == 2 and a == b), float(verse), ratio]


# --------------------------------------------------------------------------------------
# Post / comments cut

POST_FEATURES = (
    "pos_frac", "log_head", "log_tail", "headings_after", "last_is_heading", "closer_at",
    "closer_before", "next_commentness", "next_opener", "next_at", "next_second", "next_lower",
    "next_short", "next_url", "next_question", "last_url", "last_terminal",
    "head_commentness", "tail_commentness", "diff_commentness", "head_words", "tail_words",
    "diff_words", "head_second", "tail_second", "head_curly", "tail_curly", "clash_curly",
    "tail_lower_i", "head_lower_i", "next_cohesion_title", "next_cohesion_head", "tail_at",
    "next_style_clash", "after_last_heading", "next_praise", "next_vs_head_words",
    "head_at", "link_post", "title_only", "head_commenty", "tail_noncommenty_run",
)

_PRAISE = re.compile(r"\b(thanks?|thank you|thx|great|nice|awesome|love|cool|wow|fantastic|excellent|"
                     r"amazing|brilliant|helpful|useful|beautiful|lovely|interesting|agree|agreed)\b", re.I)


def _per_line(s: str, commentness_fn, opener_fn) -> dict:
    h = _habits(s)
    return {"c": commentness_fn(s), "w": math.log1p(_words(s)), "second": float(bool(_SECOND.search(s))),
            "curly": float(h[0] or h[2]), "straight": float(h[1] or h[3]), "lower_i": float(h[4] or h[5]),
            "at": float(s.startswith("@") or s.startswith(".@")), "head": float(is_heading(s)),
            "closer": float(any(p.search(s) for p in cues.POST_CLOSER_CUES)),
            "opener": opener_fn(s)[0], "url": float(bool(cues.URL_LINE.match(s)))}


def post_cut_features(lines: Sequence[str], nonblank: Sequence[int], commentness_fn,
                      opener_fn) -> list[list[float]]:
    """Features of each candidate cut "the post ends at nonblank line r" (r = 0..m-2):
    how the text before and after the cut differ (comment cues, line length, second
    person, apostrophe habits), what the first line after the cut looks like, and
    section headings (which belong to posts) still to come."""
    m = len(nonblank)
    per = [_per_line(lines[k].strip(), commentness_fn, opener_fn) for k in nonblank]
    for d in per:
        d["commenty"] = float(d["c"] >= 1.5 or d["opener"] >= 2.0)
    keys = ("c", "w", "second", "curly", "straight", "lower_i", "at", "head", "closer", "commenty")
    pre = {k: [0.0] for k in keys}
    for d in per:
        for k in keys:
            pre[k].append(pre[k][-1] + d[k])
    title = lines[nonblank[0]] if nonblank else ""
    heads = [r for r in range(1, m) if per[r]["head"] and r < 0.95 * m]
    last_head = heads[-1] if heads else 0
    out = []
    for r in range(m - 1):
        nh, nt = r + 1, m - r - 1
        head = {k: pre[k][r + 1] / nh for k in keys}
        tail = {k: (pre[k][m] - pre[k][r + 1]) / nt for k in keys}
        nxt = lines[nonblank[r + 1]].strip()
        last = lines[nonblank[r]].strip()
        nd = per[r + 1]
        f = {}
        f["pos_frac"] = (r + 1) / m
        f["log_head"] = math.log(nh)
        f["log_tail"] = math.log(nt)
        f["headings_after"] = math.log1p(pre["head"][m] - pre["head"][r + 1])
        f["last_is_heading"] = per[r]["head"]
        f["closer_at"] = per[r]["closer"]
        f["closer_before"] = float(pre["closer"][r] > 0)
        f["next_commentness"] = nd["c"]
        f["next_opener"] = nd["opener"]
        f["next_at"] = nd["at"]
        f["next_second"] = nd["second"]
        f["next_lower"] = float(nxt[:1].islower())
        f["next_short"] = float(_words(nxt) <= 8)
        f["next_url"] = nd["url"]
        f["next_question"] = float(nxt.endswith("?"))
        f["last_url"] = per[r]["url"]
        f["last_terminal"] = float(ends_terminal(last))
        f["head_commentness"] = head["c"]
        f["tail_commentness"] = tail["c"]
        f["diff_commentness"] = tail["c"] - head["c"]
        f["head_words"] = head["w"]
        f["tail_words"] = tail["w"]
        f["diff_words"] = head["w"] - tail["w"]
        f["head_second"] = head["second"]
        f["tail_second"] = tail["second"]
        f["head_curly"] = head["curly"] - head["straight"]
        f["tail_curly"] = tail["curly"] - tail["straight"]
        f["clash_curly"] = abs(f["head_curly"] - f["tail_curly"])
        f["tail_lower_i"] = tail["lower_i"]
        f["head_lower_i"] = head["lower_i"]
        f["next_cohesion_title"] = cohesion(nxt, title)
        f["next_cohesion_head"] = cohesion(nxt, " ".join(lines[k] for k in nonblank[max(0, r - 2): r + 1]))
        f["tail_at"] = tail["at"]
        style, spell = _mismatch(_habits(nxt), _habits(last))
        f["next_style_clash"] = style + spell
        f["after_last_heading"] = float(r >= last_head)
        f["next_praise"] = float(bool(_PRAISE.search(nxt)))
        f["next_vs_head_words"] = head["w"] - nd["w"]
        f["head_at"] = head["at"]
        f["link_post"] = float(per[r]["url"] and r <= 2)
        f["title_only"] = float(r == 0)
        f["head_commenty"] = math.log1p(pre["commenty"][r + 1])
        run = 0
        for d in per[r + 1: r + 6]:
            if d["commenty"]:
                break
            run += 1
        f["tail_noncommenty_run"] = float(run)
        out.append([float(f[x]) for x in POST_FEATURES])
    return out


# --------------------------------------------------------------------------------------
# Post or comment, line by line (the change-point view of the post / comments cut)

POST_LINE_FEATURES = (
    "log_words", "short", "heading", "second_person", "first_person", "praise", "question",
    "exclaim", "emoji", "commentness", "opener", "curly", "straight", "lower_i",
    "cohesion_title", "cohesion_head", "pos_frac", "log_rank", "log_rank_from_end", "terminal",
    "url_line", "code_ish", "closer_seen", "closer", "at_start", "first_line",
    "cohesion_prev", "cohesion_next",
    # the same line's neighbourhood (POST_LINE_WINDOW lines either side): posts are long
    # runs in one register, comment sections runs of short, addressed, reactive lines
    "win_commentness", "win_second_person", "win_short", "win_question", "win_log_words",
    "win_praise",
)
POST_LINE_WINDOW = 5
_WINDOWED = ("commentness", "second_person", "short", "question", "log_words", "praise")

_CODE_ISH = re.compile(r"[{}<>;=]|`|\b(def|var|function|return|import)\b")


def post_line_features(lines: Sequence[str], nonblank: Sequence[int], commentness_fn,
                       opener_fn) -> list[list[float]]:
    """Features of every non-blank line for "is this line still the post?": its shape and
    register (length, person, praise, questions, emoticons, apostrophe habits, code), how
    much it shares with the title and the post's opening paragraphs, where it sits, and
    whether an invitation to comment came before it."""
    m = len(nonblank)
    S = [lines[k].strip() for k in nonblank]
    if not S:
        return []
    W = [content_words(x) for x in S]           # each line's content words, once
    title, head = W[0], content_words(" ".join(S[1:4]))

    def coh(a: set, b: set) -> float:
        return len(a & b) / min(len(a), len(b)) if a and b else 0.0

    out, closer_seen = [], 0
    for r, s in enumerate(S):
        h = _habits(s)
        w = _words(s)
        closer = any(p.search(s) for p in cues.POST_CLOSER_CUES)
        f = {
            "log_words": math.log1p(w), "short": float(w <= 8), "heading": float(is_heading(s)),
            "second_person": float(bool(_SECOND.search(s))), "first_person": float(bool(_FIRST.search(s))),
            "praise": float(bool(_PRAISE.search(s))), "question": float(s.endswith("?")),
            "exclaim": float("!" in s), "emoji": float(bool(_EMOJI.search(s))),
            "commentness": commentness_fn(s), "opener": opener_fn(s)[0],
            "curly": float(h[0] or h[2]), "straight": float(h[1] or h[3]), "lower_i": float(h[4] or h[5]),
            "cohesion_title": coh(W[r], title), "cohesion_head": coh(W[r], head) if r > 3 else 1.0,
            "pos_frac": r / m, "log_rank": math.log1p(r), "log_rank_from_end": math.log1p(m - r),
            "terminal": float(ends_terminal(s)), "url_line": float(bool(cues.URL_LINE.match(s))),
            "code_ish": float(bool(_CODE_ISH.search(s))), "closer_seen": float(closer_seen > 0),
            "closer": float(closer), "at_start": float(s.startswith("@")), "first_line": float(r == 0),
            "cohesion_prev": coh(W[r], W[r - 1]) if r else 0.0,
            "cohesion_next": coh(W[r], W[r + 1]) if r + 1 < m else 0.0,
        }
        closer_seen += closer
        out.append(f)
    # neighbourhood means from prefix sums (linear in the number of lines)
    pre = {k: [0.0] for k in _WINDOWED}
    for f in out:
        for k in _WINDOWED:
            pre[k].append(pre[k][-1] + f[k])
    rows = []
    for r, f in enumerate(out):
        a, b = max(0, r - POST_LINE_WINDOW), min(m, r + POST_LINE_WINDOW + 1)
        for k in _WINDOWED:
            f["win_" + k] = (pre[k][b] - pre[k][a]) / (b - a)
        rows.append([float(f[k]) for k in POST_LINE_FEATURES])
    return rows


def cut_log_likelihoods(p_post: Sequence[float], floor: float = 1e-4) -> list[float]:
    """For every cut r (post = lines 0..r, comments after; r = 0..m-2): the log-likelihood
    of the per-line post probabilities under that cut (a change-point score)."""
    m = len(p_post)
    lp = [math.log(min(1.0, max(p, floor))) for p in p_post]
    lc = [math.log(min(1.0, max(1.0 - p, floor))) for p in p_post]
    suffix = [0.0] * (m + 1)
    for r in range(m - 1, -1, -1):
        suffix[r] = suffix[r + 1] + lc[r]
    out, run = [], 0.0
    for r in range(m - 1):
        run += lp[r]
        out.append(run + suffix[r + 1])
    return out


# --------------------------------------------------------------------------------------
# Reply links

REPLY_FEATURES = (
    "top_level", "spine_depth", "is_prev", "cand_depth", "quote", "name_author",
    "name_alias", "same_author", "author_back_and_forth", "cohesion", "cohesion_prev_only",
    "short_reaction", "opener_above", "opener_name", "second_person", "log_words",
    "mention_superset", "mention_extra", "mention_top_only", "cand_mentions_child_author",
    "cand_is_top", "cand_n_children", "child_author_is_post_regular",
    "post_cohesion", "cohesion_vs_post", "question_above",
    # Twitter-style mention chains: a reply names the candidate's author first and keeps
    # the candidate's own mentions ("@b @a" answers "@a ..." written by b)
    "mention_chain", "mention_chain_nearest", "first_mention_in_cand",
    # a known author writing for the first time in the thread, not its regular: a new
    # voice, likely to answer the post
    "new_voice", "new_voice_cand",
    # the comment speaks of the post itself ("great tutorial", "this article")
    "about_post", "about_post_cand",
    # the thread's host: the name most comments address ("Thanks, Michael!"); a comment
    # addressing the host answers the post
    "addresses_host", "addresses_other", "cand_addresses_host",
)


def _mention_chain(me: dict, c: dict) -> bool:
    mi, mc = me["mentions"], c["mentions"]
    first = me["mention_list"][0] if me.get("mention_list") else None
    return bool(mc) and first is not None and first not in mc and mc <= mi


def _cw(x: dict) -> set:
    if "_words" not in x:
        x["_words"] = content_words(x["text"])
    return x["_words"]


def reply_features(i: int, cand: Optional[int], spine: Sequence[int], info: Sequence[dict],
                   parents: Sequence[Optional[int]], depth: Sequence[int],
                   n_children: Sequence[int], thread: dict) -> list[float]:
    """Features of "comment ``i`` replies to ``cand``" (``None``: to the post).

    ``info[k]`` holds comment k's ``text``, ``first`` line, ``author`` (or None),
    ``mentions`` (set), ``quoted`` (set of comment indices it quotes), ``opener``
    (weight, evidence, confidence, name). ``spine`` lists the candidate parents allowed by
    printing order, nearest first. ``thread`` holds ``top_mention`` and ``regular``.
    """
    me = info[i]
    f = dict.fromkeys(REPLY_FEATURES, 0.0)
    w, ev, _, name = me["opener"]
    words = len(me["text"].split())
    react = ev == "above" and words <= 12
    mi = me["mentions"]
    top = thread.get("top_mention")
    regular = thread.get("regular")
    host = thread.get("host")
    is_regular = float(bool(me["author"]) and me["author"] == regular)
    new_voice = float(bool(me.get("first_time")) and me["author"] != regular)
    if "_about" not in me:
        me["_about"] = float(bool(cues.ABOUT_POST.search(me["text"][:300])))
    about = me["_about"]
    if cand is None:
        f["top_level"] = 1.0
        f["new_voice"] = new_voice
        f["about_post"] = about
        f["spine_depth"] = float(len(spine))
        # interactions with the "reply to the post" choice
        f["short_reaction"] = float(react)
        f["opener_above"] = float(ev == "above")
        f["opener_name"] = float(name is not None or bool(mi - ({top} if top else set())))
        f["second_person"] = float(bool(_SECOND.search(me["text"])))
        f["log_words"] = math.log1p(words)
        f["mention_top_only"] = float(bool(mi) and mi <= ({top} if top else set()))
        f["child_author_is_post_regular"] = is_regular
        pw = thread.get("post_words") or set()
        mw = _cw(me)
        f["post_cohesion"] = len(mw & pw) / len(mw) if mw and pw else 0.0
        f["addresses_host"] = float(bool(host) and host in me.get("vocatives", ()))
        f["addresses_other"] = float(bool(set(me.get("vocatives", ())) - {host}))
        return [float(f[k]) for k in REPLY_FEATURES]
    c = info[cand]
    f["addresses_other"] = float(bool(set(me.get("vocatives", ())) - {host}))
    f["cand_addresses_host"] = float(bool(host) and host in c.get("vocatives", ()))
    f["new_voice_cand"] = new_voice
    f["about_post_cand"] = about
    d = spine.index(cand) if cand in spine else len(spine)
    f["spine_depth"] = float(d)
    f["is_prev"] = float(cand == i - 1)
    f["cand_depth"] = float(min(depth[cand], 6))
    f["quote"] = float(cand in me["quoted"])
    addressed = ({x for x in ([name.lower()] if name else [])} | set(mi)) - ({top} if top else set())
    ca = (c["author"] or "").lower()
    key = lambda s: "".join(ch for ch in s if ch.isalnum())
    if ca and addressed:
        f["name_author"] = float(any(key(a) and (key(a) == key(ca) or key(a) == key(ca.split()[0]) if ca.split() else False)
                                     for a in addressed))
    if name and not ca:
        tail = c["text"][-40:].lower()
        f["name_alias"] = float(key(name) != "" and name.lower() in tail)
    if me["author"] and c["author"]:
        f["same_author"] = float(me["author"] == c["author"])
        p = parents[cand]
        f["author_back_and_forth"] = float(p is not None and info[p]["author"] == me["author"])
    cache = me.setdefault("_coh", {})

    def coh_with(k: int) -> float:
        if k not in cache:
            wa, wb = _cw(me), _cw(info[k])
            cache[k] = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
        return cache[k]

    coh = coh_with(cand)
    f["cohesion"] = coh
    best = max((coh_with(s) for s in spine[:8]), default=0.0)
    f["cohesion_prev_only"] = float(coh > 0 and coh >= best)
    f["short_reaction"] = float(react and cand == i - 1)
    f["opener_above"] = float(ev == "above" and cand == i - 1)
    mc = c["mentions"]
    if mi and mc:
        f["mention_superset"] = len(mc & mi) / len(mc)
        f["mention_extra"] = float(len(mi - mc))
    if me["author"] and c["mentions"]:
        f["cand_mentions_child_author"] = float(me["author"].lower() in c["mentions"])
    f["cand_is_top"] = float(depth[cand] == 0)
    f["cand_n_children"] = math.log1p(n_children[cand])
    f["child_author_is_post_regular"] = is_regular * float(depth[cand] == 0)
    pw = thread.get("post_words") or set()
    mw = _cw(me)
    f["cohesion_vs_post"] = coh - (len(mw & pw) / len(mw) if mw and pw else 0.0)
    f["question_above"] = float(cand == i - 1 and c["text"].rstrip().endswith("?"))
    if me["mentions"] and _mention_chain(me, c):
        f["mention_chain"] = 1.0
        if "_chain_first" not in me:        # nearest spine comment the chain fits (once)
            me["_chain_first"] = next((k for k in spine if _mention_chain(me, info[k])), None)
        f["mention_chain_nearest"] = float(me["_chain_first"] == cand)
    first = me["mention_list"][0] if me.get("mention_list") else None
    f["first_mention_in_cand"] = float(first is not None and first in mc)
    return [float(f[k]) for k in REPLY_FEATURES]
