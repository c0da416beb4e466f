"""The studio's own panels, commands and exporters, registered like any plugin's."""

from __future__ import annotations

from typing import Any

from studio.registry import CommandSpec, ExporterSpec, ExtensionRegistry, PanelSpec


def _story_panel(services: Any) -> Any:
    from studio.ui.panels.story import StoryPanel

    return StoryPanel(services)


def _lyrics_panel(services: Any) -> Any:
    from studio.ui.panels.lyrics import LyricsPanel

    return LyricsPanel(services.session)


def _composition_panel(services: Any) -> Any:
    from studio.ui.panels.composition import CompositionPanel

    return CompositionPanel(services.session)


def _bible_panel(services: Any) -> Any:
    from studio.ui.panels.bible import BiblePanel

    return BiblePanel(services.session)


def _export_markdown(project: Any, target: Any) -> None:
    from studio.export.markdown import export_markdown

    export_markdown(project, target)


def _project_statistics(services: Any) -> None:
    from studio.ui.dialogs import prompts
    from studio.writing.statistics import project_statistics

    project = services.session.project
    if project is None:
        prompts.inform(services.window, "Project Statistics", "Open a project first.")
        return
    services.window.commit_editors()
    story = services.window.built_panel("story")
    stats = project_statistics(project, story.cowriter.authorship if story else None)
    lines = [f"{stats.total_words:,} words in {stats.documents} documents."]
    lines += [f"{section}: {words:,} words" for section, words in stats.words_by_section.items()]
    lines.append(f"AI-written text: {stats.ai_share:.1%} of the project.")
    for doc_id, share in stats.ai_share_by_document.items():
        lines.append(f"  {project.documents[doc_id].title}: {share:.0%} AI")
    prompts.inform(services.window, "Project Statistics", "\n".join(lines))


def _models_dialog(services: Any) -> None:
    from studio.ui.dialogs.models_dialog import ModelsDialog

    ModelsDialog(services, services.window).exec()


def register_builtins(registry: ExtensionRegistry) -> None:
    registry.add_panel(PanelSpec("story", "Story", ("chapter", "scene"), _story_panel))
    registry.add_panel(PanelSpec("lyrics", "Lyrics", ("lyric",), _lyrics_panel))
    registry.add_panel(
        PanelSpec("composition", "Composition", ("composition",), _composition_panel)
    )
    registry.add_panel(
        PanelSpec("bible", "Story Bible", ("character", "place", "lore"), _bible_panel)
    )
    registry.add_exporter(
        ExporterSpec("markdown", "Manuscript as Markdown", "md", _export_markdown)
    )
    registry.add_command(CommandSpec("statistics", "Project Statistics…", _project_statistics))
    registry.add_command(CommandSpec("models", "Models…", _models_dialog))
