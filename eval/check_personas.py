#!/usr/bin/env python3
"""Validate eval/personas.jsonl and print a summary."""
import json, sys
from collections import Counter, defaultdict
from pathlib import Path

ROLES = """ml-engineer data-scientist data-engineer ai-app-developer llm-cloud-architect
local-ai-tinkerer ai-researcher ai-automation-specialist ai-lawyer ai-governance-risk
ai-ethicist ai-policy-analyst ai-change-manager ai-trainer ai-consultant ai-coach ai-hr
ai-product-manager genai-marketer ai-communicator ai-artist ai-designer ai-entrepreneur
ai-energy-infrastructure ai-healthcare ai-finance ai-manufacturing
ai-agriculture-environment""".split()

path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("personas.jsonl")
errors, rows = [], []
for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except json.JSONDecodeError as e:
        errors.append(f"line {n}: invalid JSON ({e})"); continue
    if set(r) != {"id", "lang", "text", "expect", "hard"}:
        errors.append(f"line {n}: fields {sorted(r)}")
    if r.get("lang") not in ("fr", "en"):
        errors.append(f"line {n}: bad lang {r.get('lang')}")
    exp = r.get("expect")
    if not isinstance(exp, list) or not 1 <= len(exp) <= 2 or len(set(exp)) != len(exp) \
            or any(e not in ROLES for e in exp):
        errors.append(f"line {n}: bad expect {exp}")
    if not isinstance(r.get("hard"), bool):
        errors.append(f"line {n}: hard not bool")
    if not isinstance(r.get("text"), str) or not r["text"].strip():
        errors.append(f"line {n}: empty text")
    rows.append(r)

ids = Counter(r["id"] for r in rows)
errors += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
texts = Counter(r["text"] for r in rows)
errors += [f"duplicate text: {t[:50]}" for t, c in texts.items() if c > 1]

lang = Counter(r["lang"] for r in rows)
per_role = defaultdict(Counter)
for r in rows:
    per_role[r["expect"][0]][r["lang"]] += 1
hard = sum(r["hard"] for r in rows)
two = sum(len(r["expect"]) == 2 for r in rows)
words = [len(r["text"].split()) for r in rows]

print(f"file: {path}")
print(f"valid JSON lines: {len(rows)}  errors: {len(errors)}")
for e in errors:
    print("  ERROR", e)
print(f"per language: fr={lang['fr']} en={lang['en']}")
print(f"hard: {hard}/{len(rows)} = {hard/len(rows):.1%}  "
      f"(fr {sum(r['hard'] for r in rows if r['lang']=='fr')}, en {sum(r['hard'] for r in rows if r['lang']=='en')})")
print(f"two-role expectations: {two}; words min/max: {min(words)}/{max(words)}; "
      f">=150 words: {sum(w >= 150 for w in words)}; <=5 words: {sum(w <= 5 for w in words)}")
print(f"{'role (first expect)':28s} fr  en")
short = []
for role in ROLES:
    c = per_role[role]
    flag = "" if c["fr"] >= 2 and c["en"] >= 2 else "  <-- fewer than 2"
    if flag: short.append(role)
    print(f"{role:28s} {c['fr']:2d}  {c['en']:2d}{flag}")
ok = not errors and not short and lang["fr"] >= 62 and lang["en"] >= 62 and hard / len(rows) >= 0.6
print("OK" if ok else "CHECK FAILED")
sys.exit(0 if ok else 1)
