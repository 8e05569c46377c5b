"""Factories for OKRs: cycles, objectives, key results, check-ins."""

from datetime import date
from decimal import Decimal

import factory

from okr.models import CheckIn, Cycle, CycleKind, KeyResult, KeyResultKind, Level, Objective


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("code",)

    code = "H1-2026"
    name = "Semester 1 2026"
    kind = CycleKind.SEMESTER
    start = date(2026, 1, 1)
    end = date(2026, 6, 30)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"OBJ-{n}")
    cycle = factory.SubFactory(CycleFactory)
    title_id = factory.Sequence(lambda n: f"Sasaran {n}")
    title_en = factory.Sequence(lambda n: f"Objective {n}")
    level = Level.COMPANY

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class KeyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyResult

    objective = factory.SubFactory(ObjectiveFactory)
    title_id = factory.Sequence(lambda n: f"Hasil kunci {n}")
    title_en = factory.Sequence(lambda n: f"Key result {n}")
    kind = KeyResultKind.MANUAL
    start_value = Decimal(0)
    target_value = Decimal(100)
    direction = "higher"
    weight = Decimal(1)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    key_result = factory.SubFactory(KeyResultFactory)
    date = date(2026, 3, 1)
    value = Decimal(10)
    confidence = 7
