"""Factories for people and structure. Other apps keep theirs in tests/<app>/factories.py."""

import factory

from org.models import Channel, Role, Salesman, Team, Territory, User

PASSWORD = "pass"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    role = Role.SALESMAN
    password = factory.django.Password(PASSWORD)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Territory {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    channel = Channel.GT
    supervisor = factory.SubFactory(UserFactory, role=Role.SUPERVISOR)
    manager = factory.SubFactory(UserFactory, role=Role.MANAGER)


class SalesmanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Salesman

    user = factory.SubFactory(UserFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Faker("name")
    team = factory.SubFactory(TeamFactory)
    channel = factory.LazyAttribute(lambda o: o.team.channel if o.team else Channel.GT)
    territory = factory.SubFactory(TerritoryFactory)
    level = 1
    active = True


class World:
    """Two teams under two managers, with everyone the visibility rules talk about.

    team_a (manager_a, supervisor_a): andi, budi
    team_b (manager_b, supervisor_b): dewi
    hr, admin
    """

    def __init__(self):
        self.manager_a = UserFactory(username="manager_a", role=Role.MANAGER)
        self.manager_b = UserFactory(username="manager_b", role=Role.MANAGER)
        self.supervisor_a = UserFactory(username="supervisor_a", role=Role.SUPERVISOR)
        self.supervisor_b = UserFactory(username="supervisor_b", role=Role.SUPERVISOR)
        self.team_a = TeamFactory(
            name="Team A", channel=Channel.GT, supervisor=self.supervisor_a, manager=self.manager_a
        )
        self.team_b = TeamFactory(
            name="Team B", channel=Channel.MT, supervisor=self.supervisor_b, manager=self.manager_b
        )
        self.andi = SalesmanFactory(
            code="A1", name="Andi", team=self.team_a, user=UserFactory(username="andi")
        )
        self.budi = SalesmanFactory(
            code="A2", name="Budi", team=self.team_a, user=UserFactory(username="budi")
        )
        self.dewi = SalesmanFactory(
            code="B1", name="Dewi", team=self.team_b, user=UserFactory(username="dewi")
        )
        self.hr = UserFactory(username="hr", role=Role.HR)
        self.admin = UserFactory(username="admin", role=Role.ADMIN)
