"""Reading a workbook in a child process, so that the parser cannot take the caller down.

python-calamine is native code: on a file the bounds in :mod:`desktop.exchange.limits` do not
foresee, it can abort the whole process (Rust's allocator does not raise) or exhaust memory. The
window reads appendices through :func:`read_appendix_isolated`: whatever happens in the child,
the window gets an :class:`AppendixError` with one line to show, or the appendix.

A plain ``python -m`` child rather than :mod:`multiprocessing`: the app's ``__main__`` is not
import-safe for the spawn method, and forking a process with Qt threads is not safe either.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop.domain.errors import KnownError
from desktop.domain.progress import OnProgress
from desktop.exchange.reader import Appendix, AppendixError, read_appendix

# The child's address space: far above what the reader's budget needs (limits.MAX_READ_ROWS),
# low enough that a runaway parser fails in the child instead of swapping the machine.
CHILD_MEMORY_BYTES = 4 * 2**30
_POLL_SECONDS = 0.1


def read_appendix_isolated(
    path: str | Path,
    sheets: list[str] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    on_progress: OnProgress | None = None,
) -> Appendix | None:
    """:func:`read_appendix` in a child process; None when ``cancelled()`` turned true.

    The child writes its progress to a small file the parent reads between two polls, and
    hands it on to ``on_progress``."""
    p = Path(path)
    with tempfile.TemporaryDirectory(prefix="madinhdanh-read-") as scratch:
        out = Path(scratch) / "result.pickle"
        progress = Path(scratch) / "progress"
        args = [
            sys.executable,
            "-m",
            "desktop.exchange.isolated",
            str(out),
            str(p),
            *(sheets or []),
        ]
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        said = ""
        while True:
            try:
                code = child.wait(_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if cancelled is not None and cancelled():
                    child.kill()
                    child.wait()
                    return None
                if on_progress is not None:
                    said = _hand_on(progress, said, on_progress)
        if on_progress is not None:
            _hand_on(progress, said, on_progress)
        if code == 0 and out.exists():
            kind, value = pickle.loads(out.read_bytes())
            if kind == "ok":
                assert isinstance(value, Appendix)
                return value
            raise AppendixError(*value)
    raise AppendixError(
        f"Không đọc được tệp '{p.name}': trình đọc bảng tính bị dừng đột ngột (mã {code}); tệp "
        "có thể bị hỏng hoặc quá lớn. Không có gì được ghi vào sổ.",
        f"Cannot read '{p.name}': the workbook reader stopped abruptly (code {code}).",
    )


def _hand_on(progress: Path, said: str, on_progress: OnProgress) -> str:
    """Pass the child's latest progress on, once; what was said is returned."""
    try:
        text = progress.read_text()
        step, done, total = text.split()
        if text != said:
            on_progress(step, int(done), int(total))
        return text
    except (OSError, ValueError):
        return said  # not written yet, or caught halfway through a write


def _written_to(progress: Path) -> OnProgress:
    def on_progress(step: str, done: int, total: int) -> None:
        progress.write_text(f"{step} {done} {total}")

    return on_progress


def _child(out: Path, path: Path, sheets: list[str]) -> int:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: the reader's own bounds still hold
    try:
        read = read_appendix(
            path, sheets or None, on_progress=_written_to(out.with_name("progress"))
        )
        result: tuple[str, object] = ("ok", read)
    except KnownError as exc:
        result = ("error", (exc.vi, exc.en))
    except MemoryError:
        result = (
            "error",
            (
                f"Tệp '{path.name}' cần quá nhiều bộ nhớ để đọc. Không có gì được ghi vào sổ.",
                f"'{path.name}' needs too much memory to read.",
            ),
        )
    out.write_bytes(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]))
