"""Staff and their API tokens: registration, authentication, and secrets that are never stored."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from casemgmt.application.errors import StaffNotFound, Unauthenticated
from casemgmt.bootstrap import build
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.staff import StaffToken
from casemgmt.domain.values import Actor, Role
from tests.application.expect import log_position, stored_since
from tests.expect import refused
from tests.privacy.scan import database_chunks, found


def test_a_new_staff_member_gets_a_prefixed_token(app):
    member, token = app.add_staff("박지은", "agent", 30_000)

    assert token.startswith("cm_")
    assert len(token) > 40
    assert (member.name, member.role, member.authority_limit) == ("박지은", "agent", 30_000)


def test_each_staff_member_gets_a_different_token(app):
    _, first = app.add_staff("박지은", "agent", 30_000)
    _, second = app.add_staff("박지은", "agent", 30_000)

    assert first != second


def test_a_token_authenticates_its_staff_member(app):
    member, token = app.add_staff("이영희", "supervisor", 500_000)

    actor = app.authenticate(token)

    assert actor == Actor(id=str(member.id), role=Role.SUPERVISOR, authority_limit=500_000,
                          name="이영희")


def test_a_token_works_against_another_process_on_the_same_database(app, settings, clock):
    member, token = app.add_staff("감사원", "auditor")
    other = build(settings, clock=clock)
    try:
        actor = other.casemgmt.authenticate(token)
    finally:
        other.close()

    assert (actor.id, actor.role) == (str(member.id), "auditor")


@pytest.mark.parametrize("token", [None, "", "cm_", "cm_not-a-token", "Bearer cm_x"])
def test_a_missing_or_unknown_token_is_unauthenticated(app, token):
    app.add_staff("박지은", "agent", 30_000)

    with pytest.raises(Unauthenticated):
        app.authenticate(token)


def test_a_token_with_one_character_changed_is_unauthenticated(app):
    _, token = app.add_staff("박지은", "agent", 30_000)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    with pytest.raises(Unauthenticated):
        app.authenticate(tampered)


def test_the_token_itself_is_never_stored(app):
    position = log_position(app)
    _, token = app.add_staff("박지은", "agent", 30_000)
    secret = token.encode()
    secret_part = token[len("cm_"):].encode()

    stored = b"\n".join(stored_since(app, position))

    assert stored, "the registration must have stored something"
    assert secret not in stored and secret_part not in stored
    assert hashlib.sha256(secret).hexdigest().encode() in stored


def test_the_token_is_absent_from_the_raw_database_too(fresh_services):
    _, token = fresh_services.casemgmt.add_staff("박지은", "agent", 30_000)

    chunks = database_chunks(fresh_services.settings)

    assert found(["박지은"], chunks), "the read must see the stored registration"
    assert found([token, token[len("cm_"):]], chunks) == {}


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
def test_an_authority_limit_for_someone_who_decides_no_remedies_is_refused(app, role):
    with refused(InvalidCommand, "authority_limit.not_allowed"):
        app.add_staff("감사원", role, 10_000)


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
def test_read_only_roles_are_registered_without_a_limit(app, role):
    member, token = app.add_staff("감사원", role)

    assert app.authenticate(token).authority_limit == 0
    assert member.role == role


@pytest.mark.parametrize("name, role, limit, rule", [
    ("박지은", "manager", 0, "role.unknown"),
    ("  ", "agent", 0, "name.required"),
    ("박지은", "agent", -1, "authority_limit.invalid"),
    ("박지은", "agent", 1.5, "authority_limit.invalid"),
])
def test_an_invalid_staff_member_is_refused(app, name, role, limit, rule):
    position = log_position(app)

    with refused(InvalidCommand, rule):
        app.add_staff(name, role, limit)

    assert stored_since(app, position) == []


def test_a_staff_member_added_by_an_admin_names_the_admin(app):
    admin, _ = app.add_staff("admin", "admin")

    member, _ = app.add_staff("최서준", "agent", 30_000, by=admin.as_actor())

    registered = list(app.events.get(member.id))[0]
    assert registered.by == str(admin.id)


@pytest.mark.parametrize("staff_id", ["nobody", str(uuid.uuid4())])
def test_an_unknown_staff_member_is_not_found(app, staff_id):
    with pytest.raises(StaffNotFound):
        app.staff_actor(staff_id)


def test_a_token_id_is_not_a_staff_id(app):
    _, token = app.add_staff("박지은", "agent", 30_000)
    token_aggregate_id = StaffToken.create_id(hashlib.sha256(token.encode()).hexdigest())

    with pytest.raises(StaffNotFound):
        app.staff_actor(str(token_aggregate_id))
