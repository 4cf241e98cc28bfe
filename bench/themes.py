"""The recurring themes benchmark (`make bench BENCH=themes`): the theme analysis
(samenspel.insights.themes.analyse) of 50,000 generated Dutch texts with eight planted
themes and some noise (bench/dutch_corpus.py).

The analysis runs in a child process, so that its peak memory is its own: the child's
ru_maxrss (read with os.wait4 when it ends), which includes Python, NumPy and
scikit-learn themselves and the texts (generated in the child). The seconds are the
analysis alone (wall clock, from the texts to the themes: terms, TF-IDF, LSA, choosing
the number of themes, clustering, names and figures), not the generation of the texts.

The quality is the adjusted Rand index (sklearn.metrics.adjusted_rand_score) of the
themes found against the planted ones. A text the analysis leaves outside every theme
gets the label -1, as do the planted noise texts: all texts outside share one label,
so a planted text left outside counts against the score, and noise put in a theme does
too.

    BENCH themes.texts 50000 texts
    BENCH themes.seconds 4.10 s
    BENCH themes.peak_mib 290.00 MiB
    BENCH themes.ari 0.98 ari

Targets (issue 9, on the 2-core machine): under 30 s, under 2 GiB, ARI at least 0.8.
Exit status 1 on a miss. `python bench/themes.py --child N` is the child's side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import PROJECT_DIR, bench_line, progress

TEXTS = 50_000
MAX_SECONDS = 30.0
MAX_PEAK_MIB = 2048.0
MIN_ARI = 0.8
SEED = 20_260_601


def child(count: int) -> None:
    """In the child: generate, analyse and score; print the figures as JSON."""
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    from sklearn.metrics import adjusted_rand_score

    from bench.dutch_corpus import planted_corpus
    from samenspel.insights import themes

    planted = planted_corpus(count, seed=SEED)
    texts = [themes.Text(text=item.text) for item in planted]
    start = time.perf_counter()
    result = themes.analyse(texts)
    seconds = time.perf_counter() - start
    found = [-1] * len(texts)
    for theme in result.themes:
        for member in theme.members:
            found[member.index] = theme.number
    ari = adjusted_rand_score([item.label for item in planted], found)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "ari": ari,
                "themes": [[theme.size, theme.words] for theme in result.themes],
                "outside": result.outside,
            }
        )
    )


def main() -> int:
    progress(f"analysing {TEXTS:,} generated Dutch texts in a child process …")
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(TEXTS)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR / "src")},
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        progress("the child failed")
        return 1
    figures = json.loads(output)
    peak_mib = usage.ru_maxrss / 1024  # kilobytes on Linux
    for size, words in figures["themes"]:
        progress(f"  {size:>6} {', '.join(words)}")
    progress(f"  {figures['outside']:>6} outside every theme")
    bench_line("themes.texts", TEXTS, "texts")
    bench_line("themes.seconds", figures["seconds"], "s")
    bench_line("themes.peak_mib", peak_mib, "MiB")
    bench_line("themes.ari", figures["ari"], "ari")
    missed = [
        name
        for name, ok in (
            ("seconds", figures["seconds"] < MAX_SECONDS),
            ("peak_mib", peak_mib < MAX_PEAK_MIB),
            ("ari", figures["ari"] >= MIN_ARI),
        )
        if not ok
    ]
    if missed:
        progress(f"missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        sys.exit(main())
