"""The claim, its values and rules: standard library and eventsourcing.domain only."""
