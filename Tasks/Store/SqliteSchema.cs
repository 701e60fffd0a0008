using Microsoft.Data.Sqlite;

namespace RectifyBot.Tasks.Store;

/// <summary>The embedded database's schema, created and migrated on open through <c>PRAGMA user_version</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>Migration N brings the schema from version N to N + 1. Append; never edit one that has shipped.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE tasks (
            number INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            section TEXT NOT NULL,
            problem TEXT NOT NULL,
            goal TEXT NOT NULL,
            measures TEXT NOT NULL,
            deadline TEXT NULL,
            deadline_text TEXT NOT NULL,
            deadline_kind TEXT NOT NULL,
            lead_units_text TEXT NOT NULL,
            lead_units TEXT NOT NULL,
            responsible_units_text TEXT NOT NULL,
            responsible_units TEXT NOT NULL,
            responsible_persons TEXT NOT NULL,
            status TEXT NOT NULL,
            percent_complete INTEGER NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
            last_report_at TEXT NULL,
            version INTEGER NOT NULL
        );
        CREATE INDEX ix_tasks_deadline ON tasks (deadline);

        CREATE TABLE reports (
            id TEXT PRIMARY KEY,
            task_number INTEGER NOT NULL REFERENCES tasks (number),
            unit TEXT NOT NULL,
            reporter_id TEXT NOT NULL,
            reporter_name TEXT NOT NULL,
            reported_at TEXT NOT NULL,
            period TEXT NOT NULL,
            status TEXT NOT NULL,
            percent_complete INTEGER NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
            summary TEXT NOT NULL,
            next_steps TEXT NOT NULL,
            evidence TEXT NOT NULL,
            source_id TEXT NOT NULL UNIQUE
        );
        CREATE INDEX ix_reports_task ON reports (task_number, reported_at);
        CREATE INDEX ix_reports_period ON reports (period);

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            aad_object_id TEXT NULL UNIQUE,
            upn TEXT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            role TEXT NOT NULL,
            CHECK (aad_object_id IS NOT NULL OR upn IS NOT NULL)
        );

        CREATE TABLE bot_state (
            key TEXT PRIMARY KEY,
            etag TEXT NOT NULL,
            json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
        """
        ALTER TABLE reports ADD COLUMN measures_done TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE reports ADD COLUMN expected_completion TEXT NULL;
        ALTER TABLE reports ADD COLUMN expected_completion_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE reports ADD COLUMN reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE reports ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;
        """,
        """
        CREATE TABLE report_outbox (
            source_id TEXT PRIMARY KEY,
            report TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NULL,
            failed INTEGER NOT NULL DEFAULT 0
        );
        """,
        """
        CREATE TABLE conversations (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            service_url TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            tenant_id TEXT NULL,
            aad_object_id TEXT NULL,
            user_id TEXT NULL,
            team_id TEXT NULL,
            team_channel_id TEXT NULL,
            bot_id TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            gone_at TEXT NULL,
            gone_reason TEXT NULL
        );
        CREATE INDEX ix_conversations_person ON conversations (aad_object_id);
        """,
        """
        CREATE TABLE sends (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            recipient TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            sent_at TEXT NULL,
            retry_after TEXT NULL,
            last_error TEXT NULL,
            failed_at TEXT NULL
        );
        CREATE INDEX ix_sends_claimed ON sends (claimed_at);
        """,
        """
        ALTER TABLE conversations ADD COLUMN locale TEXT NULL;
        """,
        """
        CREATE TABLE audit (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            action TEXT NOT NULL,
            task_number INTEGER NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            refused INTEGER NOT NULL CHECK (refused IN (0, 1))
        );
        CREATE INDEX ix_audit_task ON audit (task_number, sequence);
        CREATE INDEX ix_audit_at ON audit (at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: entries are never updated.'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: entries are never deleted.'); END;
        """,
        """
        CREATE TABLE notices (
            id TEXT PRIMARY KEY,
            year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            source_id TEXT NOT NULL UNIQUE,
            task_number INTEGER NOT NULL,
            units TEXT NOT NULL,
            reason TEXT NOT NULL,
            note TEXT NOT NULL,
            reply_by TEXT NOT NULL,
            issuer_id TEXT NOT NULL,
            issuer_name TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('Open', 'Closed')),
            closed_by_id TEXT NULL,
            closed_by_name TEXT NULL,
            closed_at TEXT NULL,
            returned_at TEXT NULL,
            UNIQUE (year, number)
        );
        CREATE INDEX ix_notices_task ON notices (task_number);
        CREATE TABLE notice_recipients (
            notice_id TEXT NOT NULL REFERENCES notices (id),
            person_key TEXT NOT NULL,
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            acknowledged_at TEXT NULL,
            answered_at TEXT NULL,
            answer TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (notice_id, person_key)
        );
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(read.ExecuteScalar());
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The database is at schema version {current}, newer than this build knows ({Migrations.Length}). Use a newer RectifyBot.");
        }
        for (var v = current; v < Migrations.Length; v++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            migrate.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
