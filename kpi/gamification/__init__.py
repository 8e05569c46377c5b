"""Leaderboards, badges, levels and the GT vs MT battle (docs/contracts.md "Gamification
document"). `rules` and `document` are pure; the rest reads and writes the `kpi` tables.

What the other apps call: `levels.level_in_force` / `levels.levels_for_month` (plans'
`level_multipliers`), `selectors.boards_for`, `boards.live_board`, `selectors.badges_of`,
`battle.battle`; the close calls `services.close_month_gamification`.
"""
