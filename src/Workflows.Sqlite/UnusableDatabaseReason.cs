namespace Workflows.Sqlite;

/// <summary>Why a database file cannot be used by the SQLite backend.</summary>
public enum UnusableDatabaseReason
{
    /// <summary>The file is not a SQLite database.</summary>
    NotADatabase = 1,

    /// <summary>The file is a SQLite database with tables of something else and no Workflows schema journal.</summary>
    ForeignSchema = 2,

    /// <summary>The database was written by a newer version of Workflows; it is left untouched.</summary>
    NewerSchema = 3,

    /// <summary>The file (or its directory) cannot be written.</summary>
    ReadOnly = 4,

    /// <summary>The directory the file should be in does not exist (it is not created for you).</summary>
    DirectoryNotFound = 5,

    /// <summary>The file is damaged (truncated or overwritten): SQLite reports it malformed.</summary>
    Corrupt = 6,
}
