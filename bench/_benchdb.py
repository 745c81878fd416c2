"""The throwaway database every benchmark script runs on."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_database(name):
    """Create a throwaway database for the benchmark ``name`` (a SQLite file under var/
    unless DATABASE_URL says otherwise); returns the name to hand to ``destroy_test_db``.
    Call after ``django.setup()``."""
    from django.db import connection

    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        path = ROOT / "var" / f"bench-{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        test["NAME"] = str(path)
    else:  # beside the test suite's test_<name>, so that both can run at once
        test["NAME"] = f"bench_{name}_{connection.settings_dict['NAME']}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name
