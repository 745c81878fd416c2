"""The pavilion lock: the one place that serialises writes to a pavilion.

Every write that changes who holds the pavilion's places (application moves), where its
exhibitors stand (booths), the state of its outcome reports or its published figures takes
the pavilion row first, through these functions, and only then the rows it changes. One
order everywhere (pavilions by id, then the pavilion's own rows) means two writers wait for
each other instead of deadlocking on PostgreSQL; on SQLite, which locks the whole database
for a write, the calls cost nothing.
"""

from collections.abc import Iterable

from events.models import Pavilion


def pavilion_lock(pavilion_id: int) -> Pavilion:
    """Lock one pavilion's row for the rest of the transaction and return it (with its event
    and series, which are read but not locked)."""
    return Pavilion.objects.with_event().select_for_update(of=("self",)).get(pk=pavilion_id)


def pavilions_lock(pavilion_ids: Iterable[int]) -> list[Pavilion]:
    """Lock several pavilions at once, in the order of their ids: two writers naming the same
    pavilions in another order (two imports, say) wait for each other instead of
    deadlocking."""
    return list(
        Pavilion.objects.with_event()
        .select_for_update(of=("self",))
        .filter(pk__in=set(pavilion_ids))
        .order_by("pk")
    )
