"""Payout runs: the monthly close, approval and lock, statements, adjustments and exports."""
