"""The clock's jobs: each reads the views, acts through the application, says what it did."""
