"""`casemgmt audit keygen | anchor | verify`: audit anchors from the command line.

    casemgmt audit keygen --out /etc/casemgmt/anchor.key   # and anchor.key.pub beside it
    casemgmt audit anchor --out anchor.json                # or --webhook URL
    casemgmt audit verify --anchor anchor.json [--public-key anchor.key.pub]

`verify` prints one JSON object ({"verified", "anchor", "findings": [{"claim_id", "version",
"kind", "detail"}]}) and exits 0 when the event store matches the anchor, 1 when it does not,
2 when the anchor cannot be checked (no key, a bad signature, not an anchor).
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

from casemgmt.cli_output import fail

VERIFIED, TAMPERED, UNCHECKABLE = 0, 1, 2


def add_audit_commands(commands: Any) -> None:
    audit = commands.add_parser("audit", help="audit anchors: sign the chain, check the store")
    sub = audit.add_subparsers(dest="audit_command", required=True)

    keygen = sub.add_parser("keygen", help="make an Ed25519 key pair for signing anchors")
    keygen.add_argument("--out", required=True, metavar="FILE",
                        help="the private key (mode 0600); the public key goes to FILE.pub")
    keygen.set_defaults(run=_keygen)

    anchor = sub.add_parser("anchor", help="sign a digest of every claim's audit chain")
    where = anchor.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE", help="write the anchor to this file")
    where.add_argument("--webhook", metavar="URL", help="POST the anchor to this URL")
    anchor.set_defaults(run=_anchor)

    verify = sub.add_parser("verify", help="check the event store against an anchor")
    verify.add_argument("--anchor", required=True, metavar="FILE", help="an anchor document")
    verify.add_argument("--public-key", metavar="FILE",
                        help="the signer's public key (default: CASEMGMT_ANCHOR_KEY_FILE's)")
    verify.set_defaults(run=_verify)


def _keygen(args, settings) -> int:
    from casemgmt.infrastructure.anchor_signing import Ed25519Signer, generate_key

    try:
        private, public = generate_key(args.out)
    except FileExistsError:
        return fail(f"{args.out} exists; not overwritten", 2)
    print(json.dumps({"private_key": str(private), "public_key": str(public),
                      "fingerprint": Ed25519Signer.from_file(public).fingerprint}))
    return 0


def _anchor(args, settings) -> int:
    from casemgmt.application.anchoring import AnchorInvalid, AnchorRefused
    from casemgmt.bootstrap import build
    from casemgmt.infrastructure.anchor_signing import post_anchor, write_anchor

    services = build(settings)
    try:
        services.views.fresh_to_head()  # anchor what is stored now, not what the views lag at
        document = services.casemgmt.anchoring.anchor(services.casemgmt.clock.now())
    except AnchorInvalid as error:
        return fail(error, UNCHECKABLE)
    except AnchorRefused as refused:
        _print_findings(refused.findings, "the trail differs from the last anchor")
        return TAMPERED
    finally:
        services.close()
    if args.out:
        write_anchor(document, args.out)
    else:
        post_anchor(document, args.webhook)
    print(json.dumps({"position": document["position"], "claims": len(document["claims"]),
                      "merkle_root": document["merkle_root"],
                      "written_to": args.out or args.webhook}, ensure_ascii=False))
    return VERIFIED


def _verify(args, settings) -> int:
    from casemgmt.application.anchoring import AnchorInvalid
    from casemgmt.bootstrap import build
    from casemgmt.infrastructure.anchor_signing import Ed25519Signer, read_anchor

    key = args.public_key or settings.anchor_key_file
    if key is None:
        return fail("no key to check the anchor's signature: give --public-key or set"
                    " CASEMGMT_ANCHOR_KEY_FILE", UNCHECKABLE)
    services = build(settings)
    try:
        services.casemgmt.anchoring.signer = Ed25519Signer.from_file(key)
        verdict = services.casemgmt.anchoring.verify(read_anchor(args.anchor))
    except (AnchorInvalid, ValueError, OSError) as error:
        return fail(f"the anchor cannot be checked: {error}", UNCHECKABLE)
    finally:
        services.close()
    print(json.dumps(verdict.as_dict(), ensure_ascii=False))
    return VERIFIED if verdict.verified else TAMPERED


def check_rebuilt_trail(services) -> int:
    """After `casemgmt project --rebuild`: the rebuilt trail is only as good as the store it
    was rebuilt from, so the store is checked against the last anchor; differences are
    printed and the exit status says so (the claims' histories show `verified: false`)."""
    from casemgmt.application.anchoring import AnchorInvalid

    try:
        verdict = services.casemgmt.anchoring.verify_last()
    except AnchorInvalid as error:
        return fail(f"the last anchor cannot be checked ({error}); the rebuilt trail is"
                    " unverified", UNCHECKABLE)
    if verdict is None:
        print("casemgmt: no anchor yet; the rebuilt trail is checked against nothing",
              file=sys.stderr)
        return VERIFIED
    if not verdict.verified:
        _print_findings(verdict.findings, "rebuilt, but the event store differs from the"
                                          f" anchor of {verdict.created_at}")
        return TAMPERED
    return VERIFIED


def _print_findings(findings, headline: str) -> None:
    print(f"casemgmt: {headline}:", file=sys.stderr)
    for finding in findings:
        print(json.dumps(asdict(finding), ensure_ascii=False), file=sys.stderr)
