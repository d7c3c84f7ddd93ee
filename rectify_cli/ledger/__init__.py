"""The ledger: one row per measure, written as xlsx, csv and json and read back; the summary of
a round over many plans."""
