"""casemgmt: event-sourced complaint case management."""
