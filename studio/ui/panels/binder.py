"""The binder: the project's tree of Story / Lyrics / Music / Bible documents and the Trash."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.core.documents import (
    CHILD_KINDS,
    TOP_LEVEL_KINDS,
    DocumentKind,
    DocumentState,
    Section,
)
from studio.core.errors import ProjectError
from studio.ui.dialogs import prompts
from studio.ui.session import ProjectSession

ID_ROLE = Qt.ItemDataRole.UserRole
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
TRASH = "trash"
_KIND_MARK = {
    DocumentKind.CHAPTER: "§",
    DocumentKind.SCENE: "•",
    DocumentKind.LYRIC: "♪",
    DocumentKind.COMPOSITION: "♫",
    DocumentKind.CHARACTER: "☺",
    DocumentKind.PLACE: "⌂",
    DocumentKind.LORE: "✦",
}


class BinderTree(QTreeWidget):
    """The tree widget; drops are checked against the project's rules and applied there."""

    move_requested = Signal(str, object, int)  # doc id, parent id or None, index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.can_move = lambda doc_id, parent, section: False

    def drop_target(self, event: QDropEvent) -> tuple[str | None, str | None, int] | None:
        """(parent id, section, index) the drop would put the dragged item at."""
        target = self.itemAt(event.position().toPoint())
        if target is None:
            return None
        position = self.dropIndicatorPosition()
        Indicator = QAbstractItemView.DropIndicatorPosition
        if position == Indicator.OnItem:
            container, index = target, target.childCount()
        else:
            container = target.parent()
            if container is None:
                return None  # between the section roots
            index = container.indexOfChild(target)
            if position == Indicator.BelowItem:
                index += 1
        parent_id = container.data(0, ID_ROLE)
        section = container.data(0, SECTION_ROLE)
        return parent_id, section, index

    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self.currentItem()
        target = self.drop_target(event)
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()  # the tree is rebuilt from the project, never moved by Qt itself
        if dragged is None or target is None:
            return
        doc_id = dragged.data(0, ID_ROLE)
        parent_id, section, index = target
        if doc_id and section != TRASH and self.can_move(doc_id, parent_id, section):
            self.move_requested.emit(doc_id, parent_id, index)


class BinderPanel(QWidget):
    """The binder with its add menu and context menu; signals which document to open."""

    open_requested = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BinderPanel")
        self.session = session
        self.tree = BinderTree(self)
        self.tree.setObjectName("BinderTree")
        self.tree.can_move = self._can_move
        self._rebuilding = False
        self._collapsed: set[str] = set()

        self.add_button = QToolButton(self)
        self.add_button.setText("+ Add")
        self.add_button.setToolTip("Add a document")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self)
        self.add_button.setMenu(self.add_menu)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.tree)

        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemChanged.connect(self._item_renamed)
        self.tree.itemCollapsed.connect(lambda item: self._remember_expansion(item, False))
        self.tree.itemExpanded.connect(lambda item: self._remember_expansion(item, True))
        self.tree.move_requested.connect(self._move)
        self.tree.installEventFilter(self)

        session.opened.connect(self.rebuild)
        session.closed.connect(self.rebuild)
        session.binder_changed.connect(self.rebuild)
        session.document_renamed.connect(self._refresh_title)
        self.rebuild()

    # ----------------------------------------------------------------- building the tree
    def rebuild(self) -> None:
        selected = self.selected_id()
        self._rebuilding = True
        self.tree.clear()
        project = self.session.project
        if project is not None:
            for section in Section:
                root = self._section_item(section.label, section.value)
                for doc_id in project.order(section):
                    self._add_item(root, doc_id)
            trash = self._section_item("Trash", TRASH)
            for doc_id in project.trash_ids():
                self._add_item(trash, doc_id)
            for index in range(self.tree.topLevelItemCount()):
                item = self.tree.topLevelItem(index)
                item.setExpanded(item.data(0, SECTION_ROLE) not in self._collapsed)
        self._rebuilding = False
        if selected:
            self.select(selected)

    def _section_item(self, label: str, key: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [label])
        item.setData(0, SECTION_ROLE, key)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _add_item(self, parent: QTreeWidgetItem, doc_id: str) -> None:
        project = self.session.project
        assert project is not None
        document = project.documents.get(doc_id)
        if document is None:
            return
        item = QTreeWidgetItem(parent)
        item.setData(0, ID_ROLE, doc_id)
        item.setData(0, SECTION_ROLE, parent.data(0, SECTION_ROLE))
        self._set_item_text(item, doc_id)
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        if document.writable:
            flags |= Qt.ItemFlag.ItemIsEditable
        if CHILD_KINDS.get(document.kind):
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        item.setFlags(flags)
        if document.state is not DocumentState.OK:
            item.setToolTip(0, document.problem)
            item.setForeground(0, Qt.GlobalColor.red)
        for child_id in project.children(doc_id):
            self._add_item(item, child_id)
        item.setExpanded(doc_id not in self._collapsed)

    def _set_item_text(self, item: QTreeWidgetItem, doc_id: str) -> None:
        document = self.session.project.documents[doc_id]  # type: ignore[union-attr]
        self._rebuilding, was = True, self._rebuilding
        item.setText(0, document.title)
        item.setStatusTip(0, f"{_KIND_MARK[document.kind]} {document.kind.label}")
        self._rebuilding = was

    def _remember_expansion(self, item: QTreeWidgetItem, expanded: bool) -> None:
        key = item.data(0, ID_ROLE) or item.data(0, SECTION_ROLE)
        if expanded:
            self._collapsed.discard(key)
        else:
            self._collapsed.add(key)

    def _refresh_title(self, doc_id: str) -> None:
        item = self.item_for(doc_id)
        if item is not None:
            self._set_item_text(item, doc_id)

    # ----------------------------------------------------------------- queries
    def item_for(self, doc_id: str) -> QTreeWidgetItem | None:
        iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while iterator:
            item = iterator.pop()
            if item.data(0, ID_ROLE) == doc_id:
                return item
            iterator.extend(item.child(i) for i in range(item.childCount()))
        return None

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select(self, doc_id: str) -> None:
        item = self.item_for(doc_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _can_move(self, doc_id: str, parent_id: str | None, section: str | None) -> bool:
        project = self.session.project
        if project is None or section == TRASH or project.in_trash(doc_id):
            return False
        return project.can_move(doc_id, parent_id, Section(section) if section else None)

    # ----------------------------------------------------------------- actions
    def _activate(self, item: QTreeWidgetItem) -> None:
        doc_id = item.data(0, ID_ROLE)
        if doc_id:
            self.open_requested.emit(doc_id)

    def _item_renamed(self, item: QTreeWidgetItem) -> None:
        if self._rebuilding:
            return
        doc_id = item.data(0, ID_ROLE)
        title = item.data(0, Qt.ItemDataRole.EditRole)
        if doc_id and self.session.project is not None:
            try:
                self.session.rename(doc_id, str(title))
            except ProjectError as error:
                prompts.warn(self, "Rename", str(error))
                self._refresh_title(doc_id)

    def _move(self, doc_id: str, parent_id: str | None, index: int) -> None:
        try:
            self.session.move(doc_id, parent_id, index)
        except ProjectError as error:
            prompts.warn(self, "Move", str(error))
        self.select(doc_id)

    def add_document(self, kind: DocumentKind) -> str | None:
        """Add a document next to the selection (scenes go into the selected chapter)."""
        project = self.session.project
        if project is None:
            return None
        parent = None
        if kind is DocumentKind.SCENE:
            parent = self._chapter_for_selection()
            if parent is None:
                prompts.warn(self, "New Scene", "Select a chapter first: scenes live in chapters.")
                return None
        number = len(project.children(parent) if parent else project.order(kind.section)) + 1
        document = self.session.add_document(kind, f"{kind.label} {number}", parent=parent)
        self.select(document.id)
        self.open_requested.emit(document.id)
        return document.id

    def _chapter_for_selection(self) -> str | None:
        """The selected chapter, the chapter of the selected scene, else the last chapter."""
        project = self.session.project
        if project is None:
            return None
        selected = self.selected_id()
        if selected and not project.in_trash(selected):
            kind = project.documents[selected].kind
            if kind is DocumentKind.CHAPTER:
                return selected
            if kind is DocumentKind.SCENE:
                return project.parent_of(selected)
        chapters = project.order(Section.STORY)
        return chapters[-1] if chapters else None

    def rename_selected(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.tree.editItem(item)

    def trash_selected(self) -> None:
        doc_id = self.selected_id()
        project = self.session.project
        if doc_id is None or project is None or project.in_trash(doc_id):
            return
        self.session.move_to_trash(doc_id)

    def restore_selected(self) -> None:
        doc_id = self.selected_id()
        if doc_id is None:
            return
        try:
            self.session.restore_from_trash(doc_id)
        except (ProjectError, ValueError) as error:
            prompts.warn(self, "Restore", str(error))

    def empty_trash(self) -> None:
        project = self.session.project
        if project is None or not project.trash_ids():
            return
        count = sum(1 for i in project.all_ids() if project.in_trash(i))
        if prompts.confirm(
            self,
            "Empty Trash",
            f"Delete {count} document(s) in the Trash for good? "
            "This cannot be undone (backups still hold them).",
            "Delete",
        ):
            self.session.empty_trash()

    def _fill_add_menu(self, menu: QMenu | None = None) -> None:
        menu = menu or self.add_menu
        menu.clear()
        for section in Section:
            for kind in TOP_LEVEL_KINDS[section] + tuple(
                k for top in TOP_LEVEL_KINDS[section] for k in CHILD_KINDS.get(top, ())
            ):
                action = menu.addAction(f"{_KIND_MARK[kind]}  New {kind.label}")
                action.triggered.connect(lambda _=False, k=kind: self.add_document(k))
            if section is not Section.BIBLE:
                menu.addSeparator()

    def _show_context_menu(self, position) -> None:
        item = self.tree.itemAt(position)
        menu = QMenu(self)
        project = self.session.project
        if project is None:
            return
        doc_id = item.data(0, ID_ROLE) if item else None
        in_trash = bool(doc_id) and project.in_trash(doc_id)
        if doc_id and not in_trash:
            menu.addAction("Open", lambda: self.open_requested.emit(doc_id))
            menu.addAction("Rename", self.rename_selected)
            menu.addAction("Move to Trash", self.trash_selected)
            menu.addSeparator()
        if doc_id and in_trash and doc_id in project.trash_ids():
            menu.addAction("Restore", self.restore_selected)
        if item is not None and (in_trash or item.data(0, SECTION_ROLE) == TRASH):
            menu.addAction("Empty Trash…", self.empty_trash)
        add = menu.addMenu("Add")
        self._fill_add_menu(add)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)  # type: ignore[attr-defined]
        ):
            self.trash_selected()
            return True
        return super().eventFilter(watched, event)

    def make_actions(self) -> list[QAction]:
        """Actions the main window puts in its menus."""
        rename = QAction("Rename Document", self)
        rename.setShortcut(QKeySequence(Qt.Key.Key_F2))
        rename.triggered.connect(self.rename_selected)
        trash = QAction("Move Document to Trash", self)
        trash.triggered.connect(self.trash_selected)
        empty = QAction("Empty Trash…", self)
        empty.triggered.connect(self.empty_trash)
        return [rename, trash, empty]
