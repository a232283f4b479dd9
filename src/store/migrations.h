// The record store's schema, as an ordered list of migrations. The schema
// version is SQLite's `user_version`; opening a database applies every
// migration above it, each in its own transaction. Never edit a released
// migration: append a new one.
#ifndef EBMBENCH_STORE_MIGRATIONS_H_
#define EBMBENCH_STORE_MIGRATIONS_H_

namespace ebm {

class SqliteDb;

// The version a fully migrated database has.
int LatestSchemaVersion();

// Brings `db` to the latest version. Safe when several processes open the
// same new file at once: the version is re-read under the write lock.
// Throws StoreError for a database newer than this program.
void MigrateToLatest(SqliteDb& db);

// Brings `db` up to `target` only (tests of later migrations start here).
void MigrateTo(SqliteDb& db, int target);

}  // namespace ebm

#endif  // EBMBENCH_STORE_MIGRATIONS_H_
