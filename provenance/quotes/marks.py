"""Quotation mark tables: which glyph opens, which closes it, and what real text gets wrong.

The conventions differ by language (English “…”, German „…“ and »…«, Swedish ”…”, French
« … », Spanish «…» with “…” inside), and documents mix and damage them. A glyph's role is
decided from its neighbours (see ``quotes._scan``); these tables say only which pairs are
allowed.
"""

from __future__ import annotations

# Opening glyph -> closing glyphs, by convention.
CLOSERS: dict[str, str] = {
    "“": "”",  # English, Spanish, Portuguese, Italian
    "„": "“”",  # German, Czech („…“); Polish, Romanian, Hungarian („…”)
    "«": "»",  # Spanish, French, Italian, Portuguese, Russian
    "»": "«»",  # German, Danish (»…«); Swedish, Finnish (»…»)
    "”": "”",  # Swedish, Finnish (same mark both sides)
    "‘": "’",  # English single
    "‚": "‘’",  # German single
    "’": "’",  # Swedish single
    "‹": "›",
    "›": "‹›",
    '"': '"',
    "'": "'",
    "「": "」",  # CJK
    "『": "』",
    "`": "`'",  # backtick pairs, and TeX-style ``…''
}

DOUBLE = frozenset("“”„«»\"「」『』")
SINGLE = frozenset("‘’‚‹›'`")
ALL = DOUBLE | SINGLE

# Closers a double-mark quote accepts when the writer mixed systems: “…» and «…”.
DAMAGED_DOUBLE_CLOSERS = "”»\"“"
DAMAGED_SINGLE_CLOSERS = "’'‘"

# Glyphs that open even with a stray space after them ("“ Balcázar aseguró…").
OPEN_LEANING = frozenset("“„«‚‹「『")
# Glyphs that open wherever they stand (CJK text has no spaces around them).
UNSPACED_OPENERS = frozenset("「『")
# Glyphs that, with nothing open, still mark the end of a quote whose opening mark was lost:
# the quote then starts at the paragraph's start.
CLOSE_ONLY = frozenset("”»」』")
# Glyphs that are also apostrophes (it's, d’État, people’s).
APOSTROPHES = frozenset("'’")

# Characters after which a mark is at the start of something (it may open).
OPEN_CONTEXT = frozenset("([{<—–-/\u00a0\u2009\u202f") | ALL
# Characters before which a mark is at the end of something (it may close).
CLOSE_CONTEXT = frozenset(".,;:!?)]}>…—–-/\u00a0\u2009\u202f↩") | ALL

# Characters no quotation starts with: a mark before them closes something ("zéro »,").
ENDS_SOMETHING = frozenset(".,;:!?)]}")


def accepts(opener: str, closer: str) -> bool:
    """Whether a quote opened with ``opener`` may be closed by ``closer``."""
    if closer in CLOSERS.get(opener, ""):
        return True
    if opener in DOUBLE:
        return closer in DAMAGED_DOUBLE_CLOSERS
    return opener in "‘'‚" and closer in DAMAGED_SINGLE_CLOSERS


def is_primary(opener: str, closer: str) -> bool:
    """Whether ``closer`` is the conventional closing mark for ``opener``."""
    return closer in CLOSERS.get(opener, "")


def closed_later(text: str, i: int, end: int, opener: str, outer: list[str]) -> bool:
    """Whether the mark at ``i``, which would close a quotation opened with ``opener`` only
    by damage («…“), stands before that quotation's own closing mark (before ``end``): then
    the quotation goes on to that mark («zur Folge“, erklärte sie»), rather than ending after
    its first words. A later mark that a quotation around it (opened with one of ``outer``)
    is still waiting for is not it (“… „die Hand zu verbrennen".”)."""
    if is_primary(opener, text[i]):
        return False
    own = CLOSERS.get(opener, "")
    wanted = 1 + sum(any(c in own for c in CLOSERS.get(o, "")) for o in outer)
    return closes_ahead(text, i, end, opener) >= wanted


def ends_outer(text: str, i: int, end: int, outer: str, inner: str, glued: bool) -> bool:
    """Whether the mark at ``i`` closes the quotation opened with ``outer`` rather than the
    one opened inside it with ``inner`` (``glued`` when the two opening marks touch): it is
    the outer's own mark and the inner mark only doubled the opening (“"…”, «“…», “„…”), or
    the inner quotation was left open («… APDH: “Estamos …») and nothing later (before
    ``end``) would close the outer."""
    g = text[i]
    if not is_primary(outer, g):
        return False
    inner_own = is_primary(inner, g)
    if glued and not inner_own:
        return True
    return (glued or not inner_own) and not closes_ahead(text, i, end, outer)


def closes_ahead(text: str, i: int, end: int, opener: str) -> int:
    """How many closing marks of a quotation opened with ``opener`` stand after ``i`` (and
    before ``end``) where a mark closes, up to the next time that mark opens again."""
    own = CLOSERS.get(opener, "")
    seen = 0
    for j in range(i + 1, end):
        g = text[j]
        if g == opener and g not in own:
            break  # the same mark opens again: «a” b «c»
        if g in own:
            nxt = text[j + 1] if j + 1 < len(text) else "\n"
            if not text[j - 1].isspace() and (nxt.isspace() or nxt in CLOSE_CONTEXT):
                seen += 1
    return seen
