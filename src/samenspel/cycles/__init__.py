"""Learning cycles: expectation, acting (observations), review, adjustment — always completed."""
