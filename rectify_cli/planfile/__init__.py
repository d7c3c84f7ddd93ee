"""The plan file: finding it, decoding and parsing it with positions, the parse cache, and the
one write path (lock, splice, recheck, journal, atomic replace)."""
