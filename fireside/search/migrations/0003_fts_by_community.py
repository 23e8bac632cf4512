"""On SQLite, the FTS5 index also holds each entry's community, so a search asks the index
for matches inside the reader's groups only. Before, it found every match in the whole
site and dropped the other groups' afterwards: the cost grew with the site's size."""

from django.db import migrations

SQLITE_UP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, community_id,
        content='search_entry', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, title, body, community_id)
        VALUES (new.id, new.title, new.body, new.community_id);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, community_id)
        VALUES ('delete', old.id, old.title, old.body, old.community_id);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, community_id)
        VALUES ('delete', old.id, old.title, old.body, old.community_id);
        INSERT INTO search_fts(rowid, title, body, community_id)
        VALUES (new.id, new.title, new.body, new.community_id);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
# Back to 0002's index: title and body only.
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_entry', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_sqlite_fts5")]

    operations = [migrations.RunPython(_run(SQLITE_UP), _run(SQLITE_DOWN))]
