"""`field_data_imported`: sent once an import that stored rows has committed, with `kind`
(the kind's name), `months` (the first days of the months its rows are dated in, and of those
stored rows moved out of), `salesman_ids` and `outlet_ids` (sorted ids of the salesmen and
outlets of the rows written and of the stored rows they replaced, for rows that each belong to
one salesman: orders, visits, audits; None for other kinds: anyone may be touched). Higher apps
connect to it (kpi queues the refresh of the month in progress: kpi/tasks.py); outlets itself
knows nothing of them, and stamps the months as changed (outlets/stamps.py)."""

from django.dispatch import Signal

field_data_imported = Signal()

# Sent by the `salesmen` import, inside its transaction, with `levels` ({salesman id: (level
# before, level after)} of the existing people whose `level` column changed) and `by`: the level
# is a manual override from then on (kpi records it in the audit trail: kpi/gamification/levels.py).
salesman_levels_imported = Signal()
