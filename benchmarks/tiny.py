"""A three-role corpus cut from the bundled one, so that quick mode builds an index in seconds."""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["ROLE_IDS", "write_tiny_corpus"]

ROLE_IDS = ("ai-finance", "ai-healthcare", "ai-energy-infrastructure")
READING_ID = "mlab-trouver-sa-place-ia"


def write_tiny_corpus(source: Path, folder: Path, role_ids: tuple[str, ...] = ROLE_IDS) -> Path:
    """Copy a few roles and one reading linked to all of them into `folder`; return it."""
    (folder / "roles").mkdir(parents=True, exist_ok=True)
    (folder / "readings").mkdir(parents=True, exist_ok=True)
    for role_id in role_ids:
        data = yaml.safe_load((source / "roles" / f"{role_id}.yaml").read_text(encoding="utf-8"))
        data["related_roles"] = [r for r in data.get("related_roles", []) if r in role_ids]
        data.pop("readings", None)
        (folder / "roles" / f"{role_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reading = yaml.safe_load((source / "readings" / f"{READING_ID}.yaml").read_text(encoding="utf-8"))
    reading["roles"] = list(role_ids)
    (folder / "readings" / f"{READING_ID}.yaml").write_text(
        yaml.safe_dump(reading, allow_unicode=True), encoding="utf-8"
    )
    return folder
