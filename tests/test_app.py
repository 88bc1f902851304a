"""The Streamlit app through AppTest, with the real default model (loaded once per process)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import logging

import pytest
from streamlit.testing.v1 import AppTest

from recommender import Recommender, Request, RoleMatch
from recommender.corpus import FAMILIES, TECH_LEVELS, TextList
from recommender.errors import INPUT_REASONS
from recommender.request import PREFERENCES
from recommender.text import MAX_CHARS
from tests.conftest import ROOT
from ui.cards import match_band, match_percent
from ui.markdown_export import results_markdown
from ui.safe_text import md, md_link
from ui.strings import LABELS, STRINGS, label, quote, t

#: Generous: the first run of the session loads the model, and builds the index if it is not cached.
FIRST_RUN_TIMEOUT = 600
APP = str(ROOT / "app.py")

LAWYER = (
    "Avocate en droit des affaires depuis dix ans, je rédige et négocie des contrats pour des entreprises du "
    "numérique. Je conseille mes clients sur le RGPD et je les accompagne lors des contrôles de la CNIL."
)


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN_TIMEOUT).run()
    assert not at.exception
    return at


def _submit(at: AppTest, text: str) -> AppTest:
    at.text_area(key="profile").set_value(text)
    at.button[0].click().run()
    assert not at.exception
    return at


def _card_titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("### ")]


def _all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in (*at.warning, *at.info, *at.error)]
    return "\n".join(parts)


# ---------------------------------------------------------------- the page


def test_first_page_shows_the_form_and_no_results() -> None:
    at = _app()
    assert at.title[0].value == STRINGS["fr"]["title"]
    assert at.text_area(key="profile").label == STRINGS["fr"]["text_label"]
    assert at.button[0].label == STRINGS["fr"]["submit"]
    assert not _card_titles(at)
    assert any(":material/lock:" in c.value for c in at.caption), "the privacy note is shown"


def test_example_profile_gives_role_cards_with_reasons_and_readings() -> None:
    at = _app()
    at.button_group(key="example").set_value("nurse").run()
    assert not at.exception
    assert (at.text_area(key="profile").value or "").startswith("Infirmière")
    titles = _card_titles(at)
    assert len(titles) == 5
    assert any("santé" in title for title in titles)
    assert len(at.get("progress")) == 5, "every card has a match indicator"
    text = _all_text(at)
    assert STRINGS["fr"]["why_title"] in text
    assert "](https://" in text, "readings are linked"
    assert at.get("download_button"), "results can be downloaded"


def test_language_switch_changes_the_interface_and_the_role_texts() -> None:
    at = _app()
    _submit(at, LAWYER)
    french = _card_titles(at)
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == STRINGS["en"]["title"]
    assert at.button[0].label == STRINGS["en"]["submit"]
    assert at.text_area(key="profile").value == LAWYER, "the text survives the switch"
    english = _card_titles(at)
    assert len(english) == len(french) and english != french
    assert any("lawyer" in title.lower() for title in english), "a French text still finds the lawyer role"
    assert STRINGS["en"]["why_title"] in _all_text(at)


def test_filters_and_preferences_change_the_results_and_say_so() -> None:
    at = _app()
    _submit(at, LAWYER)
    before = _card_titles(at)
    at.button_group(key="filter_levels").set_value(["code"]).run()
    assert not at.exception
    after = _card_titles(at)
    assert after and after != before
    code_badge = md(t("fr", "level_badge", level=label("fr", "level", "code")))
    assert sum(code_badge in m.value for m in at.markdown) == len(after), "every card is a coding role"
    assert any(STRINGS["fr"]["filter_levels"] in i.value for i in at.info), "the filter is announced"

    at.button_group(key="filter_levels").set_value([]).run()
    at.toggle(key="pref_people").set_value(True).run()
    assert not at.exception
    assert _card_titles(at) != before
    assert any(md(STRINGS["fr"]["pref_people"]) in i.value for i in at.info), "the re-ranking is announced"


def test_filters_that_exclude_everything_say_so() -> None:
    at = _app()
    _submit(at, LAWYER)
    at.button_group(key="filter_levels").set_value(["code"]).run()
    at.button_group(key="filter_families").set_value(["creative-communication"]).run()
    assert not at.exception
    assert not _card_titles(at)
    assert any(w.value == STRINGS["fr"]["no_results"] for w in at.warning)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "err_empty"),
        ("   \n\t ", "err_empty"),
        ("🙂🎉🚀 👍👍 !!! ### ---", "err_no_words"),
    ],
)
def test_unusable_text_gets_a_friendly_message(text: str, message: str) -> None:
    at = _submit(_app(), text)
    assert [w.value for w in at.warning] == [STRINGS["fr"][message]]
    assert not _card_titles(at)


@pytest.mark.parametrize("text", ["Infirmière", "comptable"])
def test_a_job_title_alone_is_answered_with_a_hint(text: str) -> None:
    """The app refuses only what the engine refuses: a single word with letters gets roles and a tip."""
    at = _submit(_app(), text)
    assert not at.exception and not at.warning and _card_titles(at)
    assert any(c.value == STRINGS["fr"]["short_hint"] for c in at.caption)


def test_very_long_text_is_truncated_with_a_notice() -> None:
    text = ("Je suis infirmière en réanimation et je forme les nouvelles recrues du service. " * 700)[:50_000]
    at = _submit(_app(), text)
    assert _card_titles(at)
    limit = f"{MAX_CHARS:,}".replace(",", "\u202f")
    assert any(limit in i.value for i in at.info), "the truncation is announced"


def test_html_and_script_are_shown_as_text_never_as_html() -> None:
    text = (
        "<script>alert('x')</script> Je suis <b>juriste</b> et je rédige des contrats pour des entreprises. "
        "![pixel](https://example.com/p.png) Je conseille sur le RGPD $x^2$ :red[alerte]."
    )
    at = _submit(_app(), text)
    assert _card_titles(at)
    assert all(not m.proto.allow_html for m in at.markdown)
    shown = _all_text(at)
    assert "<script>" not in shown and "<b>" not in shown
    assert "![pixel](" not in shown
    assert "\\<script\\>" in shown, "the user's own sentence is quoted, escaped"


def test_the_text_is_never_logged_or_printed(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = "Zorglubienne-4711"
    with caplog.at_level(logging.DEBUG):
        at = _submit(_app(), f"Je suis {marker}, infirmière en réanimation, et je forme les nouvelles recrues.")
    assert _card_titles(at)
    out, err = capfd.readouterr()
    assert marker not in caplog.text and marker not in out and marker not in err


# ---------------------------------------------------------------- pieces


def test_strings_exist_in_both_languages() -> None:
    assert STRINGS["fr"].keys() == STRINGS["en"].keys()
    for lang in ("fr", "en"):
        assert set(LABELS[lang]["family"]) == set(FAMILIES)
        assert set(LABELS[lang]["level"]) == set(TECH_LEVELS)
        for pref in PREFERENCES:
            assert f"pref_{pref}" in STRINGS[lang]
        for reason in (*INPUT_REASONS, "busy"):  # every refusal gets its own words
            assert f"err_{reason}" in STRINGS[lang]


def test_match_is_shown_as_an_honest_percentage() -> None:
    assert [match_percent(x) for x in (0.0, 0.004, 0.2, 0.5, 0.994, 0.999, 1.0)] == [
        "<1",
        "<1",
        "20",
        "50",
        "99",
        ">99",
        ">99",
    ]
    assert [match_band(x) for x in (0.05, 0.5, 0.9)] == ["band_possible", "band_good", "band_strong"]


def test_markdown_escaping_neutralises_syntax() -> None:
    assert md("<b>x</b>") == "\\<b\\>x\\</b\\>"
    assert md("**a** [b](c) $d$") == "\\*\\*a\\*\\* \\[b\\]\\(c\\) \\$d\\$"
    assert md_link("A [title]", "https://x.org/a_(b)") == "[A \\[title\\]](https://x.org/a_%28b%29)"


def test_bare_addresses_in_the_text_cannot_become_links() -> None:
    joiner = "\u2060"
    shown = md("see https://evil.example/x, WWW.evil.example or me@evil.example")
    assert f"https{joiner}\\:" in shown and f"WWW{joiner}\\." in shown and f"me{joiner}\\@" in shown
    assert md("Technique : code") == "Technique \\: code", "ordinary colons are left alone"


def test_markdown_export_holds_the_roles_reasons_and_links(rec: Recommender) -> None:
    result = rec.recommend(LAWYER)
    report = results_markdown(result, "en", LAWYER, today=_dt.date(2026, 11, 25))
    assert report.startswith("# My place in AI")
    assert "2026-11-25" in report
    assert f"> {LAWYER}" in report
    for found in result.roles:
        assert found.role.title.en in report
    assert all(m.reading.url in report for m in result.readings)


def test_skipped_corpus_files_are_reported_discreetly() -> None:
    def page() -> None:
        from recommender import Corpus, CorpusIssue
        from ui.corpus_notice import skipped_files_notice

        issue = CorpusIssue("roles/broken.yaml", "family", "is 'wizardry'; use one of the families")
        skipped_files_notice(Corpus(roles=(), readings=(), issues=(issue,), skipped_files=(issue.file,)), "en")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.expander[0].label == t("en", "skipped_files", count=1)
    assert "roles/broken\\.yaml" in at.caption[0].value


def test_a_stated_wish_is_shown_applied_and_can_be_undone() -> None:
    text = (
        "Je ne code pas et je n'ai aucune envie d'apprendre. Depuis quinze ans, je dirige un entrepôt de "
        "quarante personnes : les quais, les stocks, les tournées de livraison et les transporteurs."
    )
    at = _submit(_app(), text)
    shown = [i.value for i in at.info if "«\u00a0Je ne code pas" in i.value]
    assert shown and "où l'on code passent donc après" in shown[0]
    assert any("### " in m.value for m in at.markdown)
    at.button(key="undo_no-code").click().run()
    assert not at.exception and not [i.value for i in at.info if "«\u00a0Je ne code pas" in i.value]
    assert _card_titles(at)


def test_a_text_about_nothing_asks_for_a_working_life() -> None:
    at = _submit(_app(), "J'adore mon chat. La pizza, c'est mon plat préféré.")
    assert any(w.value == STRINGS["fr"]["fit_nothing"] for w in at.warning)
    assert not any(h.value == STRINGS["fr"]["results_header"] for h in at.header)
    assert any(e.label == STRINGS["fr"]["fit_nothing_show"] for e in at.expander)


def test_a_weak_fit_says_closest_places() -> None:
    at = _submit(_app(), "Je travaille dans un bureau.")  # about work, and too vague for any role to fit well
    headers = [h.value for h in at.header]
    assert STRINGS["fr"]["results_header_weak"] in headers and STRINGS["fr"]["results_header"] not in headers
    assert any(i.value == STRINGS["fr"]["fit_weak"] for i in at.info) and _card_titles(at)


# ------------------------------------------------------------ issue 17: readable, never stale, explore, keep


def _with_held(found: RoleMatch, count: int) -> RoleMatch:
    """A match whose engine found the first `count` skills of the role in the person's text."""
    role = found.role
    held = TextList(role.skills_have.fr[:count], role.skills_have.en[:count])
    return dataclasses.replace(found, skills_held=held)


def test_place_labels_never_overlap_and_stay_inside(rec: Recommender) -> None:
    from ui.landscape_chart import PLOT_HEIGHT, _text_box, _to_pixels, place_labels

    for text in (LAWYER, "Infirmière en réanimation, je forme les équipes.", "Data engineer building pipelines."):
        result = rec.recommend(Request(text, top_k=10))
        land = rec.landscape(text, highlight=[m.role.id for m in result.roles])
        spots = place_labels(land, "Vous êtes ici")
        assert set(spots) == set(land.highlighted)
        # brute force: every pair of rank boxes, redrawn in pixels from the returned data coordinates
        xs = [p.x for p in land.points] + [land.you[0]]  # type: ignore[index]
        ys = [p.y for p in land.points] + [land.you[1]]  # type: ignore[index]
        _, kx, ky = _to_pixels(xs, ys, 320, PLOT_HEIGHT)
        boxes = []
        for rank, role_id in enumerate(land.highlighted, 1):
            lx, ly = spots[role_id]
            px, py = 24 + (lx - min(xs)) * kx, PLOT_HEIGHT - 24 - (ly - min(ys)) * ky
            assert min(xs) <= lx <= max(xs) and min(ys) <= ly <= max(ys), "labels do not widen the scales"
            boxes.append(_text_box(px, py, str(rank)))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), f"two ranks overlap for {text!r}"


def test_map_sentence_names_the_nearest_roles_first(rec: Recommender) -> None:
    from ui.landscape_chart import map_sentence

    result = rec.recommend(LAWYER)
    land = rec.landscape(LAWYER, highlight=[m.role.id for m in result.roles])
    titles = {r.id: r.title.en for r in rec.corpus.roles}
    sentence = map_sentence(land, titles, "en")
    at = {p.role_id: (p.x, p.y) for p in land.points}
    dist = {r: ((at[r][0] - land.you[0]) ** 2 + (at[r][1] - land.you[1]) ** 2) for r in land.highlighted}  # type: ignore[index]
    nearest = sorted(land.highlighted, key=dist.__getitem__)[:2]
    near_part = sentence.split(";")[0]
    assert sentence.startswith("Closest to you on the map: ")
    assert all(titles[r] in near_part for r in nearest)
    assert all(titles[r] in sentence for r in land.highlighted)


def test_quotes_follow_the_language() -> None:
    assert quote("fr", "oui") == "«\u00a0oui\u00a0»"
    assert quote("en", "yes") == "“yes”"


def test_badges_say_each_thing_once(rec: Recommender) -> None:
    from ui.cards import role_badges

    for role in rec.corpus.roles:
        for lang in ("fr", "en"):
            words = [w.strip("[]:").lower() for w in role_badges(role, lang).split()]
            family = label(lang, "family", role.family).lower().split()[0]
            assert words.count(family) <= 1 or family == "ia", f"{role.id}: {role_badges(role, lang)}"


def test_held_skills_line_counts_and_hides_when_empty(rec: Recommender) -> None:
    from ui.cards import held_line

    found = rec.recommend(LAWYER).roles[0]
    total = len(found.role.skills_have.en)
    assert held_line(_with_held(found, 0), "en") is None, "no line when the text shows none of the skills"
    assert held_line(_with_held(found, 2), "en") == f"You already have 2 of the {total} skills this role uses."


def test_cards_show_held_skills_first_three_open_and_the_rest_one_line(rec: Recommender) -> None:
    def page() -> None:
        import dataclasses

        from recommender.corpus import TextList
        from ui.cards import results_cards
        from ui.engine import load_recommender

        engine = load_recommender()
        roles = engine.recommend("Avocate en droit des affaires, je conseille mes clients sur le RGPD.").roles
        first = roles[0].role
        held = TextList(first.skills_have.fr[:2], first.skills_have.en[:2])
        none = TextList((), ())
        shown = (
            dataclasses.replace(roles[0], skills_held=held),
            *(dataclasses.replace(r, skills_held=none) for r in roles[1:]),
        )
        results_cards(shown, "fr", engine.corpus, None)

    at = AppTest.from_function(page, default_timeout=FIRST_RUN_TIMEOUT).run()
    assert not at.exception
    total = len(
        rec.recommend("Avocate en droit des affaires, je conseille mes clients sur le RGPD.")
        .roles[0]
        .role.skills_have.fr
    )
    assert any(f"Vous avez déjà 2 des {total} compétences" in m.value for m in at.markdown)
    assert sum("Vous avez déjà" in m.value for m in at.markdown) == 1, "no count on cards without held skills"
    lines = [e.label for e in at.expander if e.label.startswith(("4", "5"))]
    assert len(lines) == 2 and all("Adéquation" in x for x in lines), lines


def test_contact_details_are_taken_out_of_exports(rec: Recommender) -> None:
    from ui.contact import strip_contacts
    from ui.print_export import results_html

    text = LAWYER + " Écrivez-moi : jeanne.martin@cabinet.fr, +33 6 12 34 56 78 ou 01.23.45.67.89, linkedin.com/in/jm."
    kept = strip_contacts(text, "[x]")
    for contact in ("jeanne.martin@cabinet.fr", "+33 6 12 34 56 78", "01.23.45.67.89", "linkedin.com"):
        assert contact not in kept
    assert "dix ans" in kept and "RGPD" in kept, "ordinary words and numbers stay"
    result = rec.recommend(text)
    choice = Request(text, preferences=("people",), levels=("no-code",))
    for report in (
        results_markdown(result, "fr", text, choice=choice),
        results_html(result, "fr", text, choice=choice),
    ):
        assert "jeanne.martin" not in report and "12 34 56 78" not in report
        assert STRINGS["fr"]["pref_people"] in report and label("fr", "level", "no-code") in report


def test_printable_page_is_escaped_and_prints(rec: Recommender) -> None:
    from ui.print_export import results_html

    text = "<script>alert(1)</script> Avocate en droit des affaires, je conseille sur le RGPD et la CNIL."
    page = results_html(rec.recommend(text), "en", text, today=_dt.date(2026, 12, 2))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "@media print" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "2026-12-02" in page and page.count("<section class='role'>") == 5


def test_catalogue_filters_match_a_brute_force(rec: Recommender) -> None:
    from itertools import combinations

    from recommender.corpus import EFFORTS
    from ui.catalogue import filtered_roles

    for n in range(len(TECH_LEVELS) + 1):
        for levels in combinations(TECH_LEVELS, n):
            for efforts in ((), ("weeks",), ("months", "years"), EFFORTS):
                got = {r.id for r in filtered_roles(rec.corpus, levels, efforts)}
                want = {
                    r.id
                    for r in rec.corpus.roles
                    if (r.technical_level in levels or not levels) and (r.transition_effort in efforts or not efforts)
                }
                assert got == want


def test_editing_the_text_marks_results_stale_and_a_refine_change_reruns_it() -> None:
    at = _submit(_app(), LAWYER)
    stale = STRINGS["fr"]["stale"]
    assert not [w for w in at.warning if w.value == stale]
    at.text_area(key="profile").set_value(LAWYER + " Je forme aussi des juristes au numérique.").run()
    assert [w for w in at.warning if w.value == stale], "edited text: the results say they are out of date"
    at.toggle(key="pref_people").set_value(True).run()
    assert not at.exception
    assert not [w for w in at.warning if w.value == stale], "a refine change re-ran on the current text"
    assert at.session_state["query"].endswith("au numérique.")


def test_an_example_follows_the_language_switch() -> None:
    from ui.examples import example

    at = _app()
    at.button_group(key="example").set_value("nurse").run()
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.text_area(key="profile").value == example("nurse").text("en")
    assert at.session_state["query"] == example("nurse").text("en")


def test_catalogue_opens_a_sheet_without_match_and_compares_roles(rec: Recommender) -> None:
    at = _app()
    at.button_group(key="view").set_value("explore").run()
    assert not at.exception
    assert any(h.value == STRINGS["fr"]["catalogue_header"] for h in at.header)
    first = rec.corpus.roles[0]
    at.button(key=f"cat-open-{first.id}").click().run()
    assert at.session_state["open_role"] == first.id
    assert not at.get("progress"), "the catalogue's sheet has no personal match"
    assert any(md(first.title.fr) in m.value for m in at.markdown if m.value.startswith("### "))
    related = next(r for r in first.related_roles if r in {x.id for x in rec.corpus.roles})
    at.button(key=f"sheet-card-rel-{related}").click().run()
    assert at.session_state["open_role"] == related, "a related role opens its own sheet"
    picked = [r.id for r in rec.corpus.roles[:3]]
    at.multiselect(key="compare").set_value(picked).run()
    assert not at.exception
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    for role in rec.corpus.roles[:3]:
        assert f"**{md(role.title.fr)}**" in bold, f"{role.id} is in the comparison"
    learn = [b for b in bold if b.startswith(f"**{STRINGS['fr']['compare_learn']}**")]
    assert len(learn) == 3, "each column says what is left to learn"
