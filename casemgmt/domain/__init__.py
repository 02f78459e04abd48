"""The claim, its values and rules: standard library and eventsourcing.domain only
(plus the `holidays` package, for the business calendar and the deadlines derived from it)."""
