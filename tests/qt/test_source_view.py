"""Source links: only http(s), only after the user confirms."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from nato_desk.domain import Source
from nato_desk.ui import source_view
from nato_desk.ui.source_view import SourceView, is_openable_url


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.nato.int/cps/en/natohq/news_237171.htm", True),
        ("http://example.org/a", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("ftp://example.org/x", False),
        ("https:///no-host", False),
        ("", False),
    ],
)
def test_only_web_links_are_openable(url, ok):
    assert is_openable_url(url) is ok


@pytest.fixture
def opened(monkeypatch):
    calls = []
    monkeypatch.setattr(source_view.QDesktopServices, "openUrl", lambda url: calls.append(url.toString()))
    return calls


def _view(qtbot, url):
    view = SourceView()
    qtbot.addWidget(view)
    view.set_source(Source("S", "Title", "Pub", "2025-06-25", url))
    return view


def test_link_opens_only_after_confirmation(qtbot, monkeypatch, opened):
    view = _view(qtbot, "https://example.org/report")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    view._open.click()
    assert opened == []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Open)
    with qtbot.waitSignal(view.link_opened):
        view._open.click()
    assert opened == ["https://example.org/report"]


def test_other_schemes_never_reach_the_desktop(qtbot, monkeypatch, opened):
    view = _view(qtbot, "file:///etc/passwd")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Open)
    assert not view._open.isEnabled()
    view._on_open_clicked()
    assert opened == []
