"""Corpus validation rules, one test each, and the bundled corpus' acceptance figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from recommender import CorpusError, load_corpus
from recommender.corpus import ISCO_SUB_MAJOR
from tests.conftest import CORPUS, edit_yaml

REQUIRED_ROLES = """ml-engineer data-scientist data-engineer ai-app-developer llm-cloud-architect local-ai-tinkerer
ai-researcher ai-automation-specialist ai-lawyer ai-governance-risk ai-ethicist ai-policy-analyst ai-change-manager
ai-trainer ai-consultant ai-coach ai-hr ai-product-manager genai-marketer ai-communicator ai-artist ai-designer
ai-entrepreneur ai-energy-infrastructure ai-healthcare ai-finance ai-manufacturing ai-agriculture-environment
ai-logistics-transport ai-retail-commerce ai-public-sector ai-education ai-construction-built-environment
ai-culture-heritage ai-public-safety ai-life-sciences ai-conversation-designer ai-data-annotator
ai-translator-localization ai-security-engineer ai-project-manager ai-sales ai-business-analyst
ai-frontline-champion""".split()
#: The 43 sub-major groups of ISCO-08, armed forces included: the whole world of work.
ISCO_SUB_MAJOR_GROUPS = """01 02 03 11 12 13 14 21 22 23 24 25 26 31 32 33 34 35 41 42 43 44 51 52 53 54
61 62 63 71 72 73 74 75 81 82 83 91 92 93 94 95 96""".split()
#: The 130 ISCO-08 minor groups (three digits).
ISCO_MINOR_GROUPS = """011 021 031 111 112 121 122 131 132 133 134 141 142 143 211 212 213 214 215 216 221 222
223 224 225 226 231 232 233 234 235 241 242 243 251 252 261 262 263 264 265 311 312 313 314 315 321 322 323
324 325 331 332 333 334 335 341 342 343 351 352 411 412 413 421 422 431 432 441 511 512 513 514 515 516 521
522 523 524 531 532 541 611 612 613 621 622 631 632 633 634 711 712 713 721 722 723 731 732 741 742 751 752
753 754 811 812 813 814 815 816 817 818 821 831 832 833 834 835 911 912 921 931 932 933 941 951 952 961
962""".split()
#: The 436 ISCO-08 unit groups (four digits).
ISCO_UNIT_GROUPS = """
0110 0210 0310 1111 1112 1113 1114 1120 1211 1212 1213 1219 1221 1222 1223 1311 1312 1321 1322 1323 1324 1330
1341 1342 1343 1344 1345 1346 1349 1411 1412 1420 1431 1439 2111 2112 2113 2114 2120 2131 2132 2133 2141 2142
2143 2144 2145 2146 2149 2151 2152 2153 2161 2162 2163 2164 2165 2166 2211 2212 2221 2222 2230 2240 2250 2261
2262 2263 2264 2265 2266 2267 2269 2310 2320 2330 2341 2342 2351 2352 2353 2354 2355 2356 2359 2411 2412 2413
2421 2422 2423 2424 2431 2432 2433 2434 2511 2512 2513 2514 2519 2521 2522 2523 2529 2611 2612 2619 2621 2622
2631 2632 2633 2634 2635 2636 2641 2642 2643 2651 2652 2653 2654 2655 2656 2659 3111 3112 3113 3114 3115 3116
3117 3118 3119 3121 3122 3123 3131 3132 3133 3134 3135 3139 3141 3142 3143 3151 3152 3153 3154 3155 3211 3212
3213 3214 3221 3222 3230 3240 3251 3252 3253 3254 3255 3256 3257 3258 3259 3311 3312 3313 3314 3315 3321 3322
3323 3324 3331 3332 3333 3334 3339 3341 3342 3343 3344 3351 3352 3353 3354 3355 3359 3411 3412 3413 3421 3422
3423 3431 3432 3433 3434 3435 3511 3512 3513 3514 3521 3522 4110 4120 4131 4132 4211 4212 4213 4214 4221 4222
4223 4224 4225 4226 4227 4229 4311 4312 4313 4321 4322 4323 4411 4412 4413 4414 4415 4416 4419 5111 5112 5113
5120 5131 5132 5141 5142 5151 5152 5153 5161 5162 5163 5164 5165 5169 5211 5212 5221 5222 5223 5230 5241 5242
5243 5244 5245 5246 5249 5311 5312 5321 5322 5329 5411 5412 5413 5414 5419 6111 6112 6113 6114 6121 6122 6123
6129 6130 6210 6221 6222 6223 6224 6310 6320 6330 6340 7111 7112 7113 7114 7115 7119 7121 7122 7123 7124 7125
7126 7127 7131 7132 7133 7211 7212 7213 7214 7215 7221 7222 7223 7224 7231 7232 7233 7234 7311 7312 7313 7314
7315 7316 7317 7318 7319 7321 7322 7323 7411 7412 7413 7421 7422 7511 7512 7513 7514 7515 7516 7521 7522 7523
7531 7532 7533 7534 7535 7536 7541 7542 7543 7544 7549 8111 8112 8113 8114 8121 8122 8131 8132 8141 8142 8143
8151 8152 8153 8154 8155 8156 8157 8159 8160 8171 8172 8181 8182 8183 8189 8211 8212 8219 8311 8312 8321 8322
8331 8332 8341 8342 8343 8344 8350 9111 9112 9121 9122 9123 9129 9211 9212 9213 9214 9215 9216 9311 9312 9313
9321 9329 9331 9332 9333 9334 9411 9412 9510 9520 9611 9612 9613 9621 9622 9623 9624 9629""".split()
#: The door open to every trade; the minor-group test asks for a place beyond it.
CHAMPION = "ai-frontline-champion"


def _fields(corpus_dir: Path) -> set[tuple[str, str]]:
    return {(i.file, i.field) for i in load_corpus(corpus_dir).issues}


def test_small_corpus_is_valid(small_corpus: Path) -> None:
    corpus = load_corpus(small_corpus)
    assert corpus.ok, corpus.issues
    assert len(corpus.roles) == 3 and len(corpus.readings) == 1


def test_malformed_yaml_names_file_and_line_and_others_still_load(small_corpus: Path) -> None:
    (small_corpus / "roles" / "ai-trainer.yaml").write_text("id: ai-trainer\ntitle: [unclosed\n", encoding="utf-8")
    corpus = load_corpus(small_corpus)
    assert [r.id for r in corpus.roles] == ["ai-energy-infrastructure", "ai-lawyer"]
    (issue,) = [i for i in corpus.issues if i.file == "roles/ai-trainer.yaml"]
    assert "not valid YAML" in issue.message and "line" in issue.message
    assert corpus.skipped_files == ("roles/ai-trainer.yaml",)


def test_missing_language_is_reported_with_field(small_corpus: Path) -> None:
    path = small_corpus / "roles" / "ai-lawyer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["summary"]["fr"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert ("roles/ai-lawyer.yaml", "summary.fr") in _fields(small_corpus)


def test_missing_and_wrong_typed_fields(small_corpus: Path) -> None:
    edit_yaml(small_corpus / "roles" / "ai-lawyer.yaml", family=None, tasks="write contracts")
    fields = _fields(small_corpus)
    assert ("roles/ai-lawyer.yaml", "family") in fields
    assert ("roles/ai-lawyer.yaml", "tasks") in fields


def test_unknown_enum_value_lists_the_options(small_corpus: Path) -> None:
    edit_yaml(small_corpus / "roles" / "ai-lawyer.yaml", technical_level="some-code")
    (issue,) = load_corpus(small_corpus).issues
    assert issue.field == "technical_level" and "no-code, low-code, code" in issue.message


def test_duplicate_ids(small_corpus: Path) -> None:
    src = small_corpus / "readings" / "mlab-trouver-sa-place-ia.yaml"
    copy = small_corpus / "readings" / "copy.yaml"
    copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    messages = [i.message for i in load_corpus(small_corpus).issues]
    assert any("file is named copy.yaml" in m for m in messages)
    edit_yaml(copy, id="copy")
    edit_yaml(small_corpus / "roles" / "ai-lawyer.yaml", id="ai-trainer")
    fields = _fields(small_corpus)
    assert ("roles/ai-lawyer.yaml", "id") in fields


def test_duplicate_id_across_files_is_reported(small_corpus: Path) -> None:
    (small_corpus / "roles" / "sub").mkdir()
    other = small_corpus / "roles" / "ai-lawyer.yml"
    other.write_text((small_corpus / "roles" / "ai-lawyer.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    issues = load_corpus(small_corpus).issues
    assert any(i.field == "id" and "duplicate role id 'ai-lawyer'" in i.message for i in issues)


def test_unknown_role_link(small_corpus: Path) -> None:
    edit_yaml(small_corpus / "readings" / "mlab-trouver-sa-place-ia.yaml", roles=["ai-lawyer", "ai-astronaut"])
    (issue,) = load_corpus(small_corpus).issues
    assert issue.field == "roles" and "ai-astronaut" in issue.message


def test_unknown_reading_and_related_role_links(small_corpus: Path) -> None:
    edit_yaml(small_corpus / "roles" / "ai-lawyer.yaml", readings=["no-such-reading"], related_roles=["nobody"])
    fields = _fields(small_corpus)
    assert {("roles/ai-lawyer.yaml", "readings"), ("roles/ai-lawyer.yaml", "related_roles")} <= fields


@pytest.mark.parametrize(
    "url", ["http://example.org/page", "javascript:alert(1)", "ftp://x.org/f", "not a url", "https://"]
)
def test_non_https_urls_are_rejected(small_corpus: Path, url: str) -> None:
    edit_yaml(small_corpus / "readings" / "mlab-trouver-sa-place-ia.yaml", url=url)
    corpus = load_corpus(small_corpus)
    assert [i.field for i in corpus.issues] == ["url"]
    assert corpus.readings == ()


def test_every_error_is_listed_in_one_run(small_corpus: Path) -> None:
    edit_yaml(
        small_corpus / "readings" / "mlab-trouver-sa-place-ia.yaml",
        url="http://x.org",
        kind="poem",
        checked="yesterday",
    )
    edit_yaml(small_corpus / "roles" / "ai-trainer.yaml", backgrounds=None)
    fields = _fields(small_corpus)
    assert {
        ("readings/mlab-trouver-sa-place-ia.yaml", "url"),
        ("readings/mlab-trouver-sa-place-ia.yaml", "kind"),
        ("readings/mlab-trouver-sa-place-ia.yaml", "checked"),
        ("roles/ai-trainer.yaml", "backgrounds"),
    } <= fields


def test_not_utf8_and_not_a_mapping(small_corpus: Path) -> None:
    (small_corpus / "roles" / "ai-trainer.yaml").write_bytes(b"id: \xff\xfe\n")
    (small_corpus / "roles" / "ai-lawyer.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    messages = {i.file: i.message for i in load_corpus(small_corpus).issues}
    assert "not UTF-8" in messages["roles/ai-trainer.yaml"]
    assert "mapping" in messages["roles/ai-lawyer.yaml"]


def test_missing_folder_or_no_valid_role_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no roles/ folder"):
        load_corpus(tmp_path)
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no valid role"):
        load_corpus(tmp_path)


# ---------------------------------------------------------------- the bundled corpus


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_corpus(CORPUS)


def test_bundled_corpus_is_valid(bundled) -> None:  # type: ignore[no-untyped-def]
    assert bundled.ok, "\n".join(str(i) for i in bundled.issues)


def test_bundled_corpus_has_every_required_role(bundled) -> None:  # type: ignore[no-untyped-def]
    assert len(REQUIRED_ROLES) == 44 and set(REQUIRED_ROLES) <= {r.id for r in bundled.roles}


def test_backgrounds_cover_every_isco_sub_major_group_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    assert len(ISCO_SUB_MAJOR_GROUPS) == 43 and set(ISCO_SUB_MAJOR_GROUPS) == ISCO_SUB_MAJOR
    for lang in ("fr", "en"):
        codes = [code for role in bundled.roles for code in role.background_isco.get(lang)]
        assert all(codes) and len(codes) == sum(len(r.backgrounds.get(lang)) for r in bundled.roles), lang
        assert {code[:2] for code in codes} == set(ISCO_SUB_MAJOR_GROUPS), lang


def test_every_isco_minor_group_has_a_domain_place_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    """Corpus breadth: each of the 130 minor groups is the background of a role besides the champion."""
    assert len(set(ISCO_MINOR_GROUPS)) == 130
    for lang in ("fr", "en"):
        codes = {code[:3] for role in bundled.roles if role.id != CHAMPION for code in role.background_isco.get(lang)}
        missing = sorted(set(ISCO_MINOR_GROUPS) - codes)
        assert not missing, (lang, missing)


def test_every_isco_unit_group_has_a_domain_place_in_both_languages(bundled) -> None:  # type: ignore[no-untyped-def]
    """Corpus breadth: each of the 436 unit groups is the background of a role besides the champion."""
    assert len(set(ISCO_UNIT_GROUPS)) == 436 and {u[:3] for u in ISCO_UNIT_GROUPS} == set(ISCO_MINOR_GROUPS)
    for lang in ("fr", "en"):
        codes = {code for role in bundled.roles if role.id != CHAMPION for code in role.background_isco.get(lang)}
        missing = sorted(set(ISCO_UNIT_GROUPS) - codes)
        assert not missing, (lang, missing)


def test_every_role_has_a_reading_in_each_interface_language(bundled) -> None:  # type: ignore[no-untyped-def]
    for role in bundled.roles:
        languages = {bundled.reading(rid).language for rid in bundled.readings_of(role.id)}
        assert languages == {"fr", "en"}, role.id


def test_every_reading_says_how_its_address_was_checked(bundled) -> None:  # type: ignore[no-untyped-def]
    unchecked = [r.id for r in bundled.readings if len(r.checked_how.split()) < 3]
    assert not unchecked, unchecked


def test_bundled_roles_are_complete(bundled) -> None:  # type: ignore[no-untyped-def]
    for role in bundled.roles:
        for lang in ("fr", "en"):
            assert len(role.backgrounds.get(lang)) >= 10, (role.id, lang)
            assert 5 <= len(role.tasks.get(lang)) <= 10, (role.id, lang)
            assert 3 <= len(role.first_steps.get(lang)) <= 5, (role.id, lang)
            assert 150 <= len(role.description.get(lang).split()) <= 300, (role.id, lang)
            assert role.skills_have.get(lang) and role.skills_learn.get(lang), (role.id, lang)
        assert len(bundled.readings_of(role.id)) >= 3, role.id


def test_bundled_readings_meet_the_counts(bundled) -> None:  # type: ignore[no-untyped-def]
    assert len(bundled.readings) >= 80
    assert sum(r.language == "fr" for r in bundled.readings) >= 30
    assert all(r.roles for r in bundled.readings)
    assert all(r.url.startswith("https://") for r in bundled.readings)
    assert any(r.url == "https://mlab.ai/?p=7432" for r in bundled.readings)
    urls = [r.url for r in bundled.readings]
    assert len(urls) == len(set(urls)), "the same URL appears in two readings"
