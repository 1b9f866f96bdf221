#!/usr/bin/env python3
"""Vendor the GOV.UK Frontend package into static/vendor/govuk-frontend/ (`make frontend`).

The built CSS and JavaScript come from the npm package, pinned below. Two things are taken
out, because this service is not on GOV.UK: the GDS Transport typeface (licensed only for
GOV.UK services; the CSS falls back to Arial) and the crown images. The result is committed,
so running the app and the tests needs no Node.js.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "5.8.0"  # crispy-forms-gds 2.0.x supports GOV.UK Frontend 5.0 to 5.8
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "static" / "vendor" / "govuk-frontend"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"govuk-frontend@{VERSION}", "--silent"], cwd=tmp, check=True
        )
        archive = Path(tmp) / f"govuk-frontend-{VERSION}.tgz"
        with tarfile.open(archive) as tar:
            files = {
                name: tar.extractfile(name).read()  # type: ignore[union-attr]
                for name in tar.getnames()
                if name.startswith("package/dist/govuk/")
            }
    prefix = "package/dist/govuk/"
    css = files[prefix + "govuk-frontend.min.css"].decode()
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = css.replace('"GDS Transport",', "").replace("GDS Transport,", "")
    css = css.replace("url(/assets/images/govuk-crest.svg)", "none")
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    js = files[prefix + "govuk-frontend.min.js"].decode()
    js = re.sub(r"//# sourceMappingURL=.*", "", js)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    (TARGET / "govuk-frontend.min.css").write_text(css)
    (TARGET / "govuk-frontend.min.js").write_text(js)
    (TARGET / "VERSION").write_text(VERSION + "\n")
    license_text = files.get("package/LICENSE.txt")
    if license_text:
        (TARGET / "LICENSE.txt").write_bytes(license_text)
    print(f"GOV.UK Frontend {VERSION} in {TARGET.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
