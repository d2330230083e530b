"""Regenerate docs/examples/signed.png and signed-verify.txt: the tree report of the sample
registry signed by the signer and then the agency, with a throwaway CA (needs pdftoppm).

    python docs/examples/make_signed_example.py

The certificates are made on the spot (tests/pki.py); the names are made up.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from make_examples import TODAY, sample  # noqa: E402
from pki import PASSWORD, make_pki  # noqa: E402

from desktop.reports.build import build_report  # noqa: E402
from desktop.reports.layout import paginate  # noqa: E402
from desktop.reports.render import write_pdf  # noqa: E402
from desktop.reports.signing import load_pkcs12, sign_pdf  # noqa: E402
from desktop.reports.verify_pdf import describe, load_anchors, verify_pdf  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pki = make_pki(folder / "pki")
        reg = sample(folder / "sample.db")
        document = build_report(reg, "tree", today=TODAY, root="H07")
        reg.close()
        pages = paginate(document)
        write_pdf(document, folder / "tree.pdf", pages)
        key = load_pkcs12(pki.p12, PASSWORD)
        sign_pdf(folder / "tree.pdf", folder / "signer.pdf", key, document, pages)
        signed = folder / "bao-cao-ky-so.pdf"
        sign_pdf(folder / "signer.pdf", signed, key, document, pages, role="agency")
        last = str(len(pages))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", last, "-l", last, "-singlefile",
             str(signed), str(HERE / "signed")],
            check=True,
        )  # fmt: skip
        verdict = verify_pdf(signed, load_anchors([pki.ca_pem]))
        text = "\n".join(describe(verdict)).replace(str(folder) + "/", "")
        (HERE / "signed-verify.txt").write_text(text + "\n", encoding="utf-8")
        print(text)


if __name__ == "__main__":
    main()
