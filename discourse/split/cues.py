"""The splitter's heuristics, as data.

Everything the splitter "knows" about how comment sections look lives here: boilerplate
(footer) phrases, reply openers, continuation cues, metadata line shapes and the weights
that combine them. Control flow in the other modules only reads these tables, so a cue can
be added or re-weighted without touching the algorithm.

Only *generic* cues belong here: phrases any blog / news / forum page uses. Nothing may
name a particular site, thread, person or line number.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

# --------------------------------------------------------------------------------------
# Footer / boilerplate: lines between the post and the comments (or after the post when a
# page has no comments). A line matching any of these is a "footer cue" line.
FOOTER_CUES: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"\bshare (this|the) (post|article|story|page)\b",
    r"\bshare (this|it) on\b",
    r"^\s*share( this)?\s*[:!]?\s*$",
    r"\b(on|via) social media\b.*\b(click|share|icons?)\b",
    r"\bclick(ing)? (on )?(these|the) (icons?|buttons?|links?)\b",
    r"\bsubscribe\b",
    r"\bnewsletter\b",
    r"\bsign up\b.*\b(email|updates|newsletter)\b",
    r"\b(daily|weekly) (e-?mail|digest)\b",
    r"\bsupport (this|our|the) (blog|site|website|work|journalism|page)\b",
    r"\bsupport us\b",
    r"\bhelp us (grow|keep)\b",
    r"\b(patreon|paypal|donate|donation|buy me a coffee)\b",
    r"\bthis (blog|site)'?s?\b.*\b(e-?mail|rss|feed)\b",
    r"^\s*\d+\s+(comments?|responses?|replies|thoughts?)\b",
    r"^\s*(comments?|responses?|replies|discussion)\s*(\(\d+\))?\s*:?\s*$",
    r"^\s*(leave|post|add|write) a (reply|comment|response)\b",
    r"^\s*(one|two|three|\d+) (thoughts?|responses?|comments?) on\b",
    r"^\s*notify of\b",
    r"^\s*(inline feedbacks?|oldest|newest|most voted)\s*$",
    r"^\s*view all comments\s*$",
    r"^\s*(load|show|see) (more|all) comments\b",
    r"^\s*what do you think\??\s*$",
    r"^\s*join the (discussion|conversation)\b",
    r"\bviews?,? and opinions expressed\b",
    r"\b(opinions|views) expressed (in|here)\b",
    r"^\s*(related( posts| articles| stories)?|you may also like|you might also like|recommended for you|more stories|trending)\s*$",
    r"^\s*(tags?|filed under|categor(y|ies)|posted in)\s*:",
    r"^\s*(like|liked by|loading)\s*(this|\.\.\.|…)?\s*:?\s*$",
    r"^\s*(follow us|follow me)\b",
    r"^\s*(previous|next) (post|article|story)\b",
    r"^\s*(copyright|©)",
    r"\ball rights reserved\b",
    r"^\s*(print|email|facebook|twitter|reddit|linkedin|whatsapp|pinterest)(\s*[|,/]\s*\w+)*\s*$",
    r"^\s*you must be logged in\b",
    r"^\s*your email address will not be published\b",
    r"\b(contains|uses|includes) (affiliate|referral)\b.*\blinks?\b",
    r"\bdisclosure policy\b",
))

# In-article link lines ("Related: ...", "READ MORE: ..."): boilerplate, but news articles
# sprinkle them through the body, so they only extend a footer run that has a FOOTER_CUES line.
WEAK_FOOTER_CUES: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"^\s*(related( posts?| articles?| stories| content)?|read more|read also|also read|see also|recommended|more from|watch)\s*:",
))

# A line that closes a post by inviting comments or thanking the reader: the post ends
# with (or right after) it. Only used when no footer cue is found.
POST_CLOSER_CUES: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"\b(in|below in|down in) the comments\b",
    r"\bleave (a|your) (comment|link|reply)\b",
    r"\blet me know (what you think|in|below|if)\b",
    r"\bthanks? (you )?for reading\b",
    r"\b(comments?|thoughts?) (are )?welcome\b",
    r"\bshare your (thoughts|experience|work)\b",
))

# A whole line that closes a question post ("Thanks in advance."): decisive like a short
# closer above, but only before the first plainly-comment line (not a learned feature).
# A blog's standard sign-off, a whole short line right before the footer's boilerplate
# ("Thanks for reading this post."): it opens the footer block, it is not the post's text.
FOOTER_SIGNOFF_LINES: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"^\W*(many )?thanks?( you)?( again)? for (reading|visiting|stopping by|your (time|attention))\b[^.!?]{0,30}[.!?]*\W*$",
    r"^\W*(hope you enjoyed (this|the|reading)|until next time|see you next time)\b[^.!?]{0,30}[.!?]*\W*$",
))
#: a line at least this long (characters) that repeats an earlier one is a pasted quote,
#: so the post (which quotes nothing before it) ends before it
POST_COPY_MIN_CHARS = 20
#: a sign-off line is at most this many words long
FOOTER_SIGNOFF_MAX_WORDS = 8

POST_CLOSER_LINES: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"^\W*thanks?( you)?( all| everyone)? in advance\W*$",
))

# A whole line naming a standard article / project-page section ("Features", "License",
# "Questions?", "Final thoughts"): the post's own structure, so the post runs at least to
# the paragraph under it. Generic README/article section names, nothing site-specific.
ARTICLE_SECTION_HEADINGS: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"^\s*((key|main|notable|new|other) )?(features?|requirements|prerequisites|installation|install|setup|"
    r"usage|configuration|getting started|quick ?start|demo|download|documentation|contributing|"
    r"contributors|credits|acknowledge?ments|licen[cs]e|changelog|change log|roadmap|known issues|"
    r"faq|questions|support|conclusions?|summary|final thoughts|wrapping up|wrap-up|further reading|"
    r"references|resources|background|introduction|overview|notes?|updates?|about( the author)?)"
    r"\s*[?:]?\s*$",
))
# ... of which these close a project page: the post ends with the paragraph under the last
# one (unless the line-by-line post model reads the lines after it as post too).
END_SECTION_HEADINGS: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    r"^\s*(contributing|credits|acknowledge?ments|licen[cs]e|questions|support|feedback)\s*[?:]?\s*$",
))

# After the comment widget a page often lists other articles' titles; a tail made only of
# headline-shaped lines is footer, not comments.

# --------------------------------------------------------------------------------------
# Metadata lines (WordPress-style dumps): hard comment boundaries, never comment text.
# (a sentence introducing a quote, "What you said:", "He wrote:", is no author line;
# user names may still start with "The" or "You": "The Duffer says:")
META_AUTHOR = re.compile(r"^\s*(?!((what|who|which|where|when|how|why)(\s+\w+)?|you|he|she|they|we|i|it|"
                         r"someone|somebody|everyone|everybody|nobody)\s+(says|said|wrote|writes|commented)\s*:)"
                         r"(?P<name>\S.{0,80}?)\s+(says|said|wrote|writes|commented)\s*:\s*$", _I)
_MONTHS = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
           r"sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?")
META_TIMESTAMP: tuple[re.Pattern, ...] = tuple(re.compile(p, _I) for p in (
    rf"^\s*{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}(\s*(at|,|-|@)?\s*\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?)?\s*$",
    rf"^\s*\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}(\s*(at|,|-|@)?\s*\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?)?\s*$",
    r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?Z?)?\s*$",
    r"^\s*\d{1,2}/\d{1,2}/\d{2,4}(\s*(at|,)?\s*\d{1,2}:\d{2}\s*([ap]m)?)?\s*$",
    r"^\s*\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago\s*$",
))
META_REPLY = re.compile(r"^\s*(reply|reply ↓|reply↓|report|permalink|log in to reply|\d+\s+likes?)\s*$", _I)

# --------------------------------------------------------------------------------------
# Reply / comment openers: a line starting like this likely starts a new comment.
# (pattern, weight, reply evidence or None, reply confidence)
# Evidence "above": a short reaction that answers the comment just above.
# Evidence "name": the opener addresses someone (group "name").
OPENERS: tuple[tuple[re.Pattern, float, str | None, float], ...] = tuple(
    (re.compile(p, _I if flags else 0), w, ev, conf) for p, w, ev, conf, flags in (
        (r"^\s*replying to\s+(?P<name>[^:]{1,60}):?", 3.0, "replying to", 0.9, True),
        (r"^\s*@(?P<name>[\w.-]{1,40})", 2.5, "@name", 0.7, False),
        (r"^\s*(?P<name>[A-Z][\w'’.-]{1,30}( [A-Z][\w'’.-]{1,30})?)\s*:\s+\S", 1.5, "name:", 0.6, False),
        (r"^\s*(?P<name>[A-Z][\w'’.-]{1,30}( [A-Z][\w'’.-]{1,30})?)\s*[,:]?\s*$", 0.0, None, 0.0, False),
        (r"^\s*(hi|hello|hey|dear|greetings)\b", 1.5, None, 0.0, True),
        (r"^\s*(thanks|thank you|thx|ty|cheers)\b[^.!?]{0,40}?,\s*(?P<name>[A-Z][\w'’.-]{1,30})\b", 1.5, "thanks name", 0.6, False),
        (r"^\s*(agreed|i agree|agree|exactly|absolutely|indeed|true|this|same|yes|yep|yeah|no|nope|nah|wow|lol|haha|ha|ah|ahh|oh|ok|okay|right|correct|well said|hear,? hear|spot on|good point|great point|fair point|nice|interesting|thanks|thank you|thx|cheers|sorry)\b[\s!.,…]*$", 2.5, "above", 0.6, True),
        (r"^\s*(agreed|i agree|agree|exactly|absolutely|indeed|well said|spot on|good point|great point|fair point|fair enough|so true|this\.)\b", 1.5, "above", 0.5, True),
        (r"^\s*(thanks|thank you|thx|cheers|sorry|yes|yeah|yep|no|nope|nah|wow|lol|haha|ah|ahh|oh|ok|okay|hmm|um|well|true|correct|wrong|source\??)\b", 1.0, None, 0.0, True),
        (r"^\s*i (will|'ll) (watch|read|check|look)\b", 1.5, "above", 0.5, True),
        (r"^\s*(great|nice|good|excellent|interesting|brilliant|lovely|awesome|fantastic|wonderful|beautiful|amazing) (post|article|piece|read|work|job|tutorial|write-?up|stuff|points?|question|idea)\b", 2.0, None, 0.0, True),
        (r"^\s*(i think|i believe|i agree|i disagree|i'?m not sure|imo|imho|in my (opinion|view|experience)|personally)\b", 1.0, None, 0.0, True),
        (r"^\s*(i|i'm|i've|i'd|my|we|our)\b", 0.3, None, 0.0, False),
        (r"^\s*\[(deleted|removed)\]\s*$", 3.0, None, 0.0, True),
        (r"^\s*(edit|update)\s*:", 0.5, None, 0.0, True),
        (r"^\s*(what|why|how|who|where|when|is|are|do|does|did|can|could|would|should|has|have)\b.*\?\s*$", 0.5, None, 0.0, True),
        (r"^\s*(rt\b|“@|\"@)", 2.0, None, 0.0, True),
    ))

# --------------------------------------------------------------------------------------
# Continuation cues: a line starting like this likely continues the comment above.
# (pattern, weight)
CONTINUATIONS: tuple[tuple[re.Pattern, float], ...] = tuple(
    (re.compile(p, _I if flags else 0), w) for p, w, flags in (
        (r"^\s*(\d{1,2}|[a-hA-H]|[ivxIVX]{1,4})[.)]\s+\S", 2.5, False),       # 1. / a) / ii.
        (r"^\s*\(?(\d{1,2}|[a-h])\)\s+\S", 2.5, False),                       # (1) / (a)
        (r"^\s*[-*•–—·]\s+\S", 2.0, False),                                   # bullets
        (r"^\s*(and|but|or|so|also|plus|then|yet|however|therefore|thus|hence|moreover|furthermore|besides|anyway|otherwise|meanwhile|still|instead)\b", 1.3, True),
        (r"^\s*(as for|as to|on the other hand|in addition|in fact|for example|for instance|e\.g\.|i\.e\.|that said|having said that|in any case|either way|after all|of course|finally|lastly|secondly|thirdly|first(ly)?,|second,|third,|next,|in short|in summary|to sum up|overall|which|because|since|unless|although|though|while)\b", 1.3, True),
        (r"^\s*(it|this|that|these|those|they|he|she|there|here)\b", 0.4, True),
        (r"^\s*(p\.?s\.?|ps|edit|update|sources?|links?|references?)\s*[:.]", 1.2, True),
        (r"^\s*\(", 0.6, False),
    ))

# A line that is only a URL (or "text: URL") continues the comment that introduced it.
URL_LINE = re.compile(r"^\s*(\S{0,40}\s)?(https?://|www\.)\S+\s*$", _I)
URL_INTRO = re.compile(r"(:|here|link|video|article|source|this|below|see|watch|read|at)\s*$", _I)

# The previous line ends in a way that announces more: "...:", "...," or no final stop.
PREV_ANNOUNCES = re.compile(r"(,|;|—|–|-|\.\.\.|…)\s*$")
PREV_COLON = re.compile(r":\s*$")
ADDRESS_LINE = re.compile(r"^\s*(@[\w.-]+(\s+@[\w.-]+)*|(dear|hi|hello|hey)\s+[\w.' -]{1,40}|[A-Z][\w'’.-]{1,30}( [A-Z][\w'’.-]{1,30})?)\s*[,:]?\s*$", _I)
TERMINAL = re.compile(r"""[.!?…"”'’\]]\s*$|[.!?…]["”'’)]\s*$|[:;]-?[)(DPp]\s*$""")

# Quote marks around a passage (for quote-of-earlier-comment detection).
QUOTE_SPANS = re.compile(r"[“\"‘«](?P<q>[^“”\"«»]{12,}?)[”\"’»]")
QUOTE_LINE_MARKS = "“”\"'‘’«»>"

# Words too common to make lines "cohere".
STOPWORDS = frozenset("""
a an the and or but so of to in on at by for with from as is are was were be been being
it its it's this that these those there here i me my you your yours we our they them their
he him his she her not no yes do does did done have has had having will would can could
should may might must shall just also very really more most much many some any all than then
what which who whom when where why how if about into over out up down only own same too
i'm i've i'd you're don't doesn't didn't isn't aren't wasn't can't won't one get got like
""".split())

# --------------------------------------------------------------------------------------
# Segmentation weights: score > 0 means "this line starts a new comment".
BASE_NEW = 0.8                 # most lines in a comment section are comment starts
# Pages with share/subscribe boilerplate (blogs, news sites) carry long-form comments of
# several paragraphs, so there an uncued line leans towards continuing the comment above.
BASE_NEW_PAGE = 0.05
# ... and a paragraph that shares vocabulary with the comment so far continues it.
W_COHESION_PAGE = 1.0          # times the share of the line's content words seen in the comment
W_PREV_ANNOUNCES = 1.8         # previous line ends with ',' '...' ';' etc.
W_PREV_COLON = 3.0             # previous line ends with ':' (a list, quote or link follows)
W_PREV_ADDRESS = 3.0           # previous line only addresses someone ("@Anna", "Dear Bob,")
UNTERMINATED_MIN_WORDS = 4     # shorter unterminated lines are reactions ("Thanks"), not wraps
W_PREV_UNTERMINATED = 0.3      # previous line has no final stop (poem, wrapped line)
W_LOWER_START = 0.5            # starts lower-case (with an unterminated previous line: strong)
W_URL_LINE = 1.6               # a bare URL line
W_URL_INTRODUCED = 1.2         # ... introduced by the previous line
W_QUOTE_LINE = 3.5             # the line quotes an earlier line: a reply starts
W_AFTER_QUOTE = 3.5            # the line after a quote line answers it
W_COHESION = 0.3               # times the content-word overlap with the previous line
W_LIST_CONTINUES = 1.5         # the previous line was a list item and this one too

# --------------------------------------------------------------------------------------
# Post / comments boundary (no footer): per-line "comment-ness" features.
COMMENTY = tuple((re.compile(p, _I if flags else 0), w) for p, w, flags in (
    (r"^\s*@\w", 2.5, False),
    (r"(^|\s)@\w{2,}", 1.0, False),
    (r"^\s*[“\"]@", 2.5, False),
    (r"\b(your|this|the|great|nice|good) (post|article|tutorial|guide|write-?up|blog|video|piece)\b", 1.5, True),
    (r"\b(op|you|your|you're|u)\b", 0.6, True),
    (r"\b(thanks|thank you|lol|lmao|haha|wtf|omg|imo|imho)\b", 1.0, True),
    (r"[!?]\s*$", 0.4, False),
    (r"(:\)|:-\)|:D|;\)|:\()", 1.0, False),
    (r"^\s*\[(deleted|removed)\]\s*$", 2.5, True),
    (r"^[a-z]", 0.8, False),
))
# A comment speaking of the post itself ("great tutorial", "thanks for this article") or
# opening by thanking or greeting its author: evidence that it answers the post.
ABOUT_POST = re.compile(
    r"\b(this|the|your|great|nice|good|awesome|excellent|helpful|useful|fantastic|amazing|"
    r"wonderful|lovely|brilliant|interesting) (post|article|tutorial|guide|write-?up|blog|"
    r"video|piece|series|theme|tip|tips|review|walkthrough|overview|introduction)s?\b", _I)

POSTY = tuple((re.compile(p, _I if flags else 0), w) for p, w, flags in (
    (r"^\s*(related|read more|see also|source|photo|image|credit|via)\s*:", 1.5, True),
    (r"\b(said|says|told|according to|reported|announced)\b", 0.5, True),
))
W_HEADING = 2.0                # a short heading-shaped line belongs to the post
W_LONG_LINE = 0.6              # a long paragraph (>= LONG_LINE chars) leans post
LONG_LINE = 350
MIN_COMMENT_SCORE = 0.35       # mean comment-ness the tail needs to be comments at all
STRONG_COMMENT = 2.0           # comment-ness that marks a line as plainly a comment
CUT_TAU = 0.0                 # comment-ness a line needs to count for the comment side       # mean comment-ness the tail needs to be comments at all
HEADING_MAX_WORDS = 9
HEADLINE_MAX_WORDS = 18           # other articles' titles after a footer
