"""Office files as real offices make them: builders for the acceptance corpus of issue 12.

Each builder writes one layout family of `shared/formats.md` (BPJS forms, payroll
registers, HR-system sheets, recaps, English exports, damaged identifiers) from the
workers a test gives it, with parameters for what real files vary: title wording,
header spelling, column order, where the table starts, number or text cells. The
answers live in `tests/test_office_corpus.py`, worked out by hand.
"""
