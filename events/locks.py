"""The pavilion lock: the one place that serialises writes to a pavilion.

Every write that changes who holds the pavilion's places (application moves), where its
exhibitors stand (booths), the state of its outcome reports or its published figures takes
the pavilion row first, through these functions, and only then the rows it changes. One
order everywhere (pavilions by id, then the pavilion's own rows) means two writers wait for
each other instead of deadlocking on PostgreSQL; on SQLite, which locks the whole database
for a write, the calls cost nothing.

The lock is PostgreSQL's ``FOR NO KEY UPDATE``: it excludes every other writer that takes it
(and any change of the pavilion's row), but not the key check of a row written elsewhere that
only names the pavilion (a meeting request, a new draft: their foreign key takes ``FOR KEY
SHARE`` of the pavilion at commit). With ``FOR UPDATE`` those waited for whatever held the
pavilion (an accept, a release), and a move of its own rows that updated one twice (the key
check comes back for a row written by the same transaction) could deadlock against it.
"""

from collections.abc import Iterable

from events.models import Pavilion


def pavilion_lock(pavilion_id: int) -> Pavilion:
    """Lock one pavilion's row for the rest of the transaction and return it (with its event
    and series, which are read but not locked)."""
    return (
        Pavilion.objects.with_event()
        .select_for_update(of=("self",), no_key=True)
        .get(pk=pavilion_id)
    )


def pavilions_lock(pavilion_ids: Iterable[int]) -> list[Pavilion]:
    """Lock several pavilions at once, in the order of their ids: two writers naming the same
    pavilions in another order (two imports, say) wait for each other instead of
    deadlocking."""
    return list(
        Pavilion.objects.with_event()
        .select_for_update(of=("self",), no_key=True)
        .filter(pk__in=set(pavilion_ids))
        .order_by("pk")
    )
