"""Writes assets/sample-project: the project Help ▸ Open Sample Project opens.

Run it only to change the sample: ids are new each time, so the whole folder changes.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from studio.core.documents import DocumentKind
from studio.core.project import Project

TARGET = Path(__file__).resolve().parents[1] / "assets" / "sample-project"

CHAPTERS = {
    "The Light Goes Out": {
        "Storm Warning": (
            "The barometer had been falling since noon, and by the time Mara climbed the "
            "hundred and twelve steps of Greyhaven Light the glass read lower than her "
            "father had ever written in the log.\n\n"
            "She wound the clockwork that turned the lens, checked the oil, and set the "
            "kettle on the little stove. *One more night,* she told the lamp. *Just keep "
            "turning one more night.*\n"
        ),
        "The Bell Beneath the Water": (
            "At a quarter past two she heard it: a bell, slow and deep, from somewhere "
            "under the waves. The old sailors in the village swore the Drowned Bell rang "
            "only when a ship was about to be lost.\n\n"
            "Mara pressed her palm to the cold glass. Out in the dark, a single mast light "
            "rose and fell, far too close to the Teeth.\n"
        ),
    },
    "Salt and Brass": {
        "Rowing Out": (
            "The dory fought her at every stroke. Spray stung her eyes and the lantern in "
            "the bow swung wildly, throwing her shadow across the swell like a second, "
            "braver rower.\n\n"
            "* * *\n\n"
            "When she reached the wreck, the bell had stopped.\n"
        ),
    },
}

LYRIC = """[Verse 1]
Keep the lantern burning low
Till the grey tide turns to go
Every wave that breaks the shore
Brings a song I heard before

[Chorus]
Turn, turn, the light goes round
Over water, over ground
Hold the dark and let it be
Bring my sailor home to me
"""

BIBLE = [
    (
        DocumentKind.CHARACTER,
        "Mara Quill",
        "Keeper of Greyhaven Light since her father's death. Twenty-six, stubborn, keeps the log "
        "in his hand-writing style out of habit.\n\n**Wants:** to prove the light still matters."
        "\n\n**Fears:** the sound of the Drowned Bell.\n",
    ),
    (
        DocumentKind.PLACE,
        "Greyhaven Light",
        "A granite tower on the northern headland; 112 steps; a second-order Fresnel lens turned "
        "by clockwork. Below it lie the Teeth, a reef that has taken nine ships.\n",
    ),
    (
        DocumentKind.LORE,
        "The Drowned Bell",
        "A church bell lost when the old chapel slid into the sea in 1790. Villagers say it "
        "rings before a wreck.\n",
    ),
]


def main() -> int:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    project = Project.create(TARGET, "The Lighthouse Keeper", "Lyra Studio", lock=False)
    # Replace the default chapter and scene with the sample's own.
    for doc_id in project.order(DocumentKind.CHAPTER.section):
        project.move_to_trash(doc_id)
    project.empty_trash()
    for chapter_title, scenes in CHAPTERS.items():
        chapter = project.add_document(DocumentKind.CHAPTER, chapter_title)
        for scene_title, body in scenes.items():
            scene = project.add_document(
                DocumentKind.SCENE, scene_title, parent=chapter.id, body=body
            )
            scene.meta["status"] = "draft"
            scene.meta["synopsis"] = body.split(".")[0] + "."
    project.add_document(DocumentKind.LYRIC, "Lantern Song", body=LYRIC)
    project.add_document(
        DocumentKind.COMPOSITION,
        "Harbour Waltz",
        body="A slow waltz in D minor, 3/4, for fiddle and concertina; the "
        "chorus of *Lantern Song* over it.\n",
    )
    for kind, title, body in BIBLE:
        project.add_document(kind, title, body=body)
    project.save()
    print(f"Wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
