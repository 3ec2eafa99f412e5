"""``python -m nato_desk``: the same as the ``nato-desk`` command."""

from __future__ import annotations

import sys

from nato_desk.cli import main

sys.exit(main())
