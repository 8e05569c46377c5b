"""An OKR world on top of the people World: one cycle, objectives at every level."""

from decimal import Decimal

import pytest

from okr.models import Level
from tests.okr.factories import CycleFactory, KeyResultFactory, ObjectiveFactory


class OkrWorld:
    """Semester 2026-01-01 … 2026-06-30 with, each with one manual key result 0 → 100:

    CO company · TA team_a (andi, budi) · TB team_b (dewi) · PA andi · PB budi · PD dewi
    """

    def __init__(self, world):
        self.people = world
        self.cycle = CycleFactory()
        w = world
        self.co = ObjectiveFactory(code="CO", cycle=self.cycle, level=Level.COMPANY)
        self.ta = ObjectiveFactory(
            code="TA",
            cycle=self.cycle,
            level=Level.TEAM,
            team=w.team_a,
            parent=self.co,
            participants=[w.andi, w.budi],
        )
        self.tb = ObjectiveFactory(
            code="TB", cycle=self.cycle, level=Level.TEAM, team=w.team_b, participants=[w.dewi]
        )
        self.pa = ObjectiveFactory(
            code="PA",
            cycle=self.cycle,
            level=Level.PERSON,
            owner=w.andi,
            parent=self.ta,
            participants=[w.andi],
        )
        self.pb = ObjectiveFactory(
            code="PB", cycle=self.cycle, level=Level.PERSON, owner=w.budi, participants=[w.budi]
        )
        self.pd = ObjectiveFactory(
            code="PD", cycle=self.cycle, level=Level.PERSON, owner=w.dewi, participants=[w.dewi]
        )
        self.objectives = {
            o.code: o for o in (self.co, self.ta, self.tb, self.pa, self.pb, self.pd)
        }
        self.krs = {
            code: KeyResultFactory(objective=o, target_value=Decimal(100))
            for code, o in self.objectives.items()
        }

    def user(self, name):
        person = getattr(self.people, name)
        return getattr(person, "user", person)


@pytest.fixture
def okr(world):
    return OkrWorld(world)
