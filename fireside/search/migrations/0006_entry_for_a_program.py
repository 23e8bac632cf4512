"""A search entry belongs to a group or to a whole program (a program library resource).

On SQLite, changing the table rebuilds it, which drops its triggers: the FTS5 index is made
again, holding each entry's program beside its community, so a search still asks the index
for matches inside the reader's groups and programs only (see 0003)."""

import django.db.models.deletion
from django.db import migrations, models


_COLUMNS = "title, body, community_id, program_id"
_NEW = "new.title, new.body, new.community_id, new.program_id"
_OLD = "old.title, old.body, old.community_id, old.program_id"
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts",
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {_COLUMNS},
        content='search_entry', content_rowid='id', tokenize='porter unicode61'
    )""",
    f"""CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO search_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]


def _sqlite_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def _sqlite_fts_back(apps, schema_editor):
    # Back to 0003's index, once the table is rebuilt without the program (this runs last
    # when the migration is reversed).
    if schema_editor.connection.vendor == "sqlite":
        from importlib import import_module

        previous = import_module("fireside.search.migrations.0003_fts_by_community")
        for sql in previous.SQLITE_UP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0008_mentor_assignment'),
        ('programs', '0003_time_entry_caps'),
        ('search', '0005_entry_parent'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _sqlite_fts_back),
        migrations.AddField(
            model_name='entry',
            name='program',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.program'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='community',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='communities.community'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('community__isnull', False), ('program__isnull', True)), models.Q(('community__isnull', True), ('program__isnull', False)), _connector='OR'), name='entry_is_for_a_group_or_a_program'),
        ),
        migrations.RunPython(_sqlite_fts, migrations.RunPython.noop),
    ]
