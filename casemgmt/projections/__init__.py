"""Read models fed from the event store: work queue, audit trail, authority ledger, VoC."""
