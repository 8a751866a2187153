"""Synthetic bot walls and paywalled teasers (every page says it is synthetic), for
``bench/bench_walls.py`` and the test suite.

Bot walls are written after the kinds seen in the wild (a browser challenge, a CAPTCHA
widget, a "press and hold" box, a plain "unusual traffic" notice, in several languages),
under the statuses they come with. Paywalled pages show a teaser of an article and stop: at
a subscription prompt, inside a paywall container, or short of the length their structured
data declares, in es, en, pt, fr and de.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

__all__ = ["Wall", "bot_walls", "paywalls"]


@dataclass(frozen=True, slots=True)
class Wall:
    name: str
    status: int
    body: str
    kind: str  # "blocked" or "paywalled"


_NAV = ("<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a>"
        "</nav></header>")

_CHALLENGES = {
    "cloudflare": ("<title>Just a moment...</title>",
                   "<h1>Synthetic test page</h1><p>Checking if the site connection is secure"
                   "</p><form id='challenge-form' action='/news/a?__cf_chl_f_tk=x' "
                   "method='POST'><input type='hidden' name='md'></form>"),
    "cloudflare-blocked": ("<title>Attention Required! | Cloudflare</title>",
                           "<h1>Sorry, you have been blocked</h1><p>Synthetic test page.</p>"),
    "recaptcha": ("<title>Synthetic test page</title>",
                  "<p>Please complete the security check to access the site.</p>"
                  "<div class='g-recaptcha' data-sitekey='synthetic'></div>"),
    "hcaptcha": ("<title>Synthetic test page</title>",
                 "<p>One more step: please verify you are human.</p>"
                 "<div class='h-captcha' data-sitekey='synthetic'></div>"),
    "turnstile": ("<title>Synthetic test page</title>",
                  "<p>Verifying you are human. This may take a few seconds.</p>"
                  "<div class='cf-turnstile' data-sitekey='synthetic'></div>"),
    "perimeterx": ("<title>Access to this page has been denied</title>",
                   "<p>Synthetic test page. Press &amp; Hold to confirm you are a human "
                   "(and not a bot).</p><div id='px-captcha'></div>"),
    "datadome": ("<title>Synthetic test page</title>",
                 "<p>Please enable JS and disable any ad blocker.</p>"
                 "<iframe src='https://geo.captcha-delivery.com/captcha/?initialCid=x'>"
                 "</iframe><p>We want to make sure it is actually you we are dealing with "
                 "and not a robot.</p>"),
    "google": ("<title>Synthetic test page</title>",
               "<p>Our systems have detected unusual traffic from your computer network. "
               "This page checks to see if it's really you sending the requests, and not a "
               "robot.</p>"),
    "imperva": ("<title>Synthetic test page</title>",
                "<p>Request unsuccessful. Incapsula incident ID: 0-0000</p>"),
    "distil": ("<title>Pardon Our Interruption</title>",
               "<p>Synthetic test page. As you were browsing something about your browser "
               "made us think you were a bot.</p>"),
    "es": ("<title>Página de prueba sintética</title>",
           "<p>¿Eres un robot? Completa el captcha para continuar.</p>"
           "<div class='g-recaptcha' data-sitekey='synthetic'></div>"),
    "de": ("<title>Synthetische Testseite</title>",
           "<p>Bitte bestätigen Sie, dass Sie kein Roboter sind: Captcha lösen.</p>"),
    "fr": ("<title>Page de test synthétique</title>",
           "<p>Vérification que vous n'êtes pas un robot. Captcha requis.</p>"),
    "pt": ("<title>Página de teste sintética</title>",
           "<p>Você é um robô? Resolva o captcha para continuar.</p>"),
    "js": ("<title>Synthetic test page</title>",
           "<noscript>Enable JavaScript and cookies to continue</noscript>"
           "<p>Please enable JavaScript and cookies to continue.</p>"),
}


def bot_walls() -> list[Wall]:
    out = []
    for name, (title, body) in _CHALLENGES.items():
        for status in (200, 403, 429, 503):
            for nav in ("", _NAV):
                page = f"<!doctype html><html><head>{title}</head><body>{nav}{body}</body></html>"
                out.append(Wall(f"{name}-{status}{'-nav' if nav else ''}", status, page,
                                "blocked"))
    return out


_TEASERS = {
    "en": ("Synthetic test page: the harbour board met on Tuesday to weigh the expansion "
           "plan, and the chair said the work would start after the summer season.",
           "Subscribe to continue reading"),
    "es": ("Página de prueba sintética: la junta del puerto se reunió el martes para estudiar "
           "el plan de ampliación, y el presidente dijo que las obras empezarían en otoño.",
           "Suscríbete para seguir leyendo"),
    "pt": ("Página de teste sintética: o conselho do porto reuniu-se na terça-feira para "
           "avaliar o plano de expansão, e o presidente disse que as obras começam no outono.",
           "Assine para continuar lendo"),
    "fr": ("Page de test synthétique : le conseil du port s'est réuni mardi pour examiner le "
           "projet d'extension, et le président a dit que les travaux commenceraient à "
           "l'automne.", "La suite est réservée aux abonnés"),
    "de": ("Synthetische Testseite: Der Hafenrat hat am Dienstag über den Ausbauplan beraten, "
           "und der Vorsitzende sagte, die Arbeiten würden nach dem Sommer beginnen.",
           "Jetzt abonnieren und weiterlesen"),
}


def _article(lang: str, paragraphs: int) -> str:
    teaser, _ = _TEASERS[lang]
    return "".join(f"<p>{html.escape(teaser)} ({i + 1})</p>" for i in range(paragraphs))


def _ld(words: int, free: bool | None) -> str:
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "NewsArticle",
                               "headline": "Synthetic test page", "wordCount": words}
    if free is not None:
        data["isAccessibleForFree"] = free
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def paywalls() -> list[Wall]:
    out = []
    for lang, (_, prompt) in _TEASERS.items():
        for paragraphs in (1, 3):
            article = _article(lang, paragraphs)
            shapes = {
                "prompt": ("", f"{article}<p><strong>{prompt}</strong></p>"),
                "box": ("", f"{article}<div class='paywall'><p>{prompt}</p>"
                            "<a href='/subscribe'>→</a></div>"),
                "declared": (_ld(900, False), article),
                "declared-box": (_ld(1200, None),
                                 f"{article}<section class='regwall'><p>{prompt}</p></section>"),
            }
            for shape, (head, body) in shapes.items():
                page = (f"<!doctype html><html lang='{lang}'><head><title>Synthetic test page"
                        f"</title>{head}</head><body>{_NAV}<main><article><h1>Synthetic test "
                        f"page</h1>{body}</article></main><footer><p>© Synthetic Courier</p>"
                        "</footer></body></html>")
                out.append(Wall(f"{lang}-{shape}-{paragraphs}p", 200, page, "paywalled"))
    return out
