"""Source links: only http(s), only after the user confirms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
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


# Test plan T10: 15 addresses; only the http(s) ones reach the desktop, after "Open".
T10_URLS = [
    ("https://www.nato.int/cps/en/natohq/official_texts_236705.htm", True),
    ("http://example.org/report?id=1#p2", True),
    ("  https://example.org/padded  ", True),  # surrounding spaces are dropped
    ("HtTpS://xn--bcher-kva.example/", True),  # punycode host
    ("file:///etc/passwd", False),
    ("file://server/share/x.png", False),
    ("\\\\attacker.example\\share\\x.png", False),  # UNC path
    ("smb://attacker.example/share", False),
    ("javascript:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", False),
    ("ms-msdt:/id PCWDiagnostic /skip force", False),
    ("search-ms:query=x&crumb=location:\\\\attacker.example", False),
    ("vbscript:msgbox(1)", False),
    ("nato-desk://open?file=/etc/passwd", False),
    ("//example.org/no-scheme", False),
]


@pytest.mark.parametrize(("url", "ok"), T10_URLS)
def test_t10_only_web_links_reach_the_desktop_after_confirmation(qtbot, monkeypatch, opened, url, ok):
    asked = []

    def answer(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "exec", answer)
    view = _view(qtbot, url)
    assert is_openable_url(url) is ok
    assert view._open.isEnabled() is ok
    view._on_open_clicked()  # even if the disabled button were bypassed
    if ok:
        assert opened == [QUrl(url.strip()).toString()] and len(asked) == 1
        assert url.strip() in asked[0]
    else:
        assert opened == [] and asked == []
