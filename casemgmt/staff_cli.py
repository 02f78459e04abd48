"""`casemgmt staff add | token | revoke | change | list`: staff and their tokens, one JSON
object a line on stdout, a failure as one line on stderr."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from casemgmt.cli_output import dumps, fail, rfc3339
from casemgmt.config import Settings
from casemgmt.domain.values import Role

ROLES = [role.value for role in Role]


def add_staff_commands(commands: Any) -> None:
    # `token` and `change` act on one member, named the same way
    member = argparse.ArgumentParser(add_help=False)
    member.add_argument("--id", required=True, metavar="STAFF_ID", help="the member's staff id")

    staff = commands.add_parser("staff", help="manage staff").add_subparsers(dest="staff_command",
                                                                              required=True)
    add = staff.add_parser("add", help='register a staff member; prints {"id", "token"}')
    add.add_argument("--name", required=True, help="the member's name as colleagues know it")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="what the member may do: %(choices)s")
    add.add_argument("--authority-limit", type=int, default=0, metavar="KRW",
                     help="remedies the member may grant alone, in won (default: 0)")
    add.set_defaults(run=_staff_add)

    token = staff.add_parser("token", parents=[member],
                             help='issue another token; prints {"id", "token", "expires_at"}')
    token.set_defaults(run=_staff_token)

    revoke = staff.add_parser("revoke", help="revoke all of a member's tokens, or one token")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--token-of", metavar="STAFF_ID", help="every token the member holds now")
    which.add_argument("--token", metavar="TOKEN",
                       help="one token; '-' reads it from stdin (keeps it out of shell history)")
    revoke.set_defaults(run=_staff_revoke)

    change = staff.add_parser("change", parents=[member],
                              help="change a member's role and/or authority limit")
    change.add_argument("--role", choices=ROLES, help="the new role: %(choices)s")
    change.add_argument("--authority-limit", type=int, metavar="KRW",
                        help="the new limit, in won")
    change.set_defaults(run=_staff_change)

    listing = staff.add_parser("list", help="print staff as JSON lines "
                                            '{"id", "name", "role", "authority_limit", "active"}')
    listing.add_argument("--role", choices=ROLES, help="only members of this role: %(choices)s")
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_const", const=True,
                       help="only members holding a token neither revoked nor expired")
    state.add_argument("--inactive", dest="active", action="store_const", const=False,
                       help="only members who cannot sign in now (every token revoked or expired)")
    listing.set_defaults(run=_staff_list)


def _staff_add(args, settings: Settings) -> int:
    def add(app) -> dict:
        member, token = app.add_staff(args.name, args.role, args.authority_limit)
        return {"id": str(member.id), "token": token}

    return _staff_command(settings, add)


def _staff_command(settings: Settings, use_case) -> int:
    """Run a staff use case; its failures become one line on stderr and an exit status."""
    from casemgmt.application.errors import StaffNotFound, Unauthenticated
    from casemgmt.bootstrap import build
    from casemgmt.domain.errors import DomainError

    services = build(settings)
    try:
        result = use_case(services.casemgmt)
    except StaffNotFound as error:
        return fail(f"no staff member {error}", 1)
    except Unauthenticated:
        return fail("no such token", 1)
    except DomainError as error:
        return fail(f"{error.message}", 2)
    finally:
        services.close()
    print(dumps(result))
    return 0


def _staff_token(args, settings: Settings) -> int:
    def issue(app) -> dict:
        token, expires_at = app.issue_token(args.id)
        return {"id": str(app.get_staff(args.id).id), "token": token,
                "expires_at": rfc3339(expires_at)}

    return _staff_command(settings, issue)


def _staff_revoke(args, settings: Settings) -> int:
    def revoke(app) -> dict:
        if args.token_of:
            member = app.revoke_tokens_of(args.token_of)
            return {"id": str(member.id), "revoked": "all",
                    "at": rfc3339(member.tokens_revoked_at)}
        secret = sys.stdin.readline().strip() if args.token == "-" else args.token
        token = app.revoke_token(secret)
        return {"id": token.staff_id, "revoked": "token", "at": rfc3339(token.revoked_at)}

    return _staff_command(settings, revoke)


def _staff_change(args, settings: Settings) -> int:
    def change(app) -> dict:
        member = app.change_staff(args.id, role=args.role, authority_limit=args.authority_limit)
        return {"id": str(member.id), "role": member.role,
                "authority_limit": member.authority_limit}

    return _staff_command(settings, change)


def _staff_list(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build

    services = build(settings)
    try:
        services.views.fresh()
        directory, after = services.views.staff, None
        while True:
            items, after = directory.page(role=args.role, active=args.active, after=after,
                                          limit=500)
            for item in items:
                print(dumps(item))
            if after is None:
                return 0
    finally:
        services.close()

