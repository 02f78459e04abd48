"""Webhooks: what happens to a claim, POSTed signed and without personal data to subscribers.

The pure parts (payloads, signing, the retry schedule, the address policy) import nothing that
does input or output; the runner works through the ports it is given; wiring.py composes it.
"""
