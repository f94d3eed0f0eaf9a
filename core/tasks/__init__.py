"""Tasks: what must happen at a time (a reminder sent, the next monthly report set).

Whether an item is due or overdue is never a task: it is computed from the clock when it is
read. A task is the work that must be *done* at a time; every one is idempotent (its database
writes are keyed so that running it twice, or on two workers at once, changes nothing more),
so it may be retried and scheduled by any number of processes.

The same task functions (:mod:`core.tasks.jobs`) run two ways: on PostgreSQL by procrastinate,
in any number of ``peerlearn worker`` processes (:mod:`core.tasks.worker`); on the embedded
SQLite default in process, beside ``peerlearn serve`` (:mod:`core.tasks.runner`)."""
