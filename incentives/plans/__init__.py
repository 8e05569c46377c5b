"""Incentive plans: the plan document, its editor, API and simulation."""
