"""The command line as an operator meets it: `--version`, help on every option of every
command, times in RFC 3339, and `replay --show-personal-data` written to the PII access log
under the staff member named by `--by` before anything is shown."""
from __future__ import annotations

import argparse
import configparser
import json
import re

import pytest

from casemgmt.cli import _parser, main
from tests.api.live import REPOSITORY

RFC3339_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.fixture
def casemgmt(database_url, monkeypatch, capsys):
    """Run `casemgmt ...` in this process on the test database: (status, stdout, stderr)."""
    monkeypatch.setenv("CASEMGMT_DATABASE_URL", database_url)

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return run


def commands(parser: argparse.ArgumentParser, path: str = "casemgmt"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, f"{path} {name}")


def test_version_prints_the_packaged_version(capsys):
    packaged = configparser.ConfigParser()
    packaged.read(REPOSITORY / "setup.cfg")

    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"casemgmt {packaged['metadata']['version']}"


def test_every_option_of_every_command_has_help():
    missing = [f"{path} {action.option_strings or action.dest}"
               for path, parser in commands(_parser()) for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction)
               and not (action.help and action.help.strip())]

    assert not missing


def test_times_are_printed_in_rfc_3339(casemgmt):
    _, added, _ = casemgmt("staff", "add", "--name", "박지은", "--role", "agent")
    member = json.loads(added)

    _, issued, _ = casemgmt("staff", "token", "--id", member["id"])
    _, revoked, _ = casemgmt("staff", "revoke", "--token-of", member["id"])
    _, swept, _ = casemgmt("scheduler", "--run", "deadline-sweep")

    times = [json.loads(issued)["expires_at"], json.loads(revoked)["at"],
             json.loads(swept)["started_at"], json.loads(swept)["finished_at"]]
    assert all(RFC3339_SECONDS.match(moment) for moment in times), times


def access_rows(services) -> list[tuple]:
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT staff_id, staff_role, method, endpoint, claim_id, customer_id,"
                    " client_ip FROM pii_access_log ORDER BY id")
        return cur.fetchall()


def test_replay_with_personal_data_is_written_to_the_access_log_first(api, casemgmt):
    claim = api.file_claim()
    supervisor = api.team.supervisor
    before = access_rows(api.services)

    status, out, _ = casemgmt("replay", claim["id"], "--show-personal-data",
                              "--by", supervisor.id)

    assert status == 0 and "김민수" in out and "010-1234-5678" in out
    new = access_rows(api.services)[len(before):]
    assert len(new) == 1
    staff_id, role, method, endpoint, claim_id, customer_id, origin = new[0]
    assert (staff_id, role, claim_id, customer_id) == (supervisor.id, "supervisor",
                                                       claim["id"], "C-1001")
    assert (method, endpoint) == ("CLI", "casemgmt replay --show-personal-data")
    assert origin.startswith("cli:")
    assert all(RFC3339_SECONDS.match(line.split()[1]) for line in out.splitlines()
               if line.startswith("v"))


@pytest.mark.parametrize("by", [None, "auditor", "admin", "nobody"])
def test_replay_with_personal_data_is_refused_without_a_reader_who_may_see_it(api, casemgmt,
                                                                            by):
    claim = api.file_claim()
    before = access_rows(api.services)
    who = {"auditor": api.team.auditor.id, "admin": api.team.admin.id,
           "nobody": "00000000-0000-0000-0000-000000000000"}.get(by)

    status, out, err = casemgmt("replay", claim["id"], "--show-personal-data",
                                *(["--by", who] if who else []))

    assert status != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert access_rows(api.services) == before


def test_a_masked_replay_needs_no_reader(api, casemgmt):
    claim = api.file_claim()

    status, out, _ = casemgmt("replay", claim["id"])

    assert status == 0 and "김*수" in out and "김민수" not in out
