#include "src/store/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace ebm {

Statement::Statement(SqliteDb& db, const char* sql) : db_(db), sql_(sql) {
  int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK)
    throw StoreError("cannot prepare SQL (" + db.ErrorMessage() + "): " + sql_);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::Check(int rc) const {
  if (rc != SQLITE_OK)
    throw StoreError("cannot bind SQL parameter (" + db_.ErrorMessage() +
                     "): " + sql_);
}

void Statement::BindOne(int index, int64_t value) {
  Check(sqlite3_bind_int64(stmt_, index, value));
}

void Statement::BindOne(int index, double value) {
  Check(sqlite3_bind_double(stmt_, index, value));
}

void Statement::BindOne(int index, const std::string& value) {
  Check(sqlite3_bind_text(stmt_, index, value.data(),
                          static_cast<int>(value.size()), SQLITE_TRANSIENT));
}

void Statement::BindNull(int index) { Check(sqlite3_bind_null(stmt_, index)); }

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw StoreError("SQL failed (" + db_.ErrorMessage() + "): " + sql_);
}

void Statement::Run() {
  while (Step()) {
  }
  Reset();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::Double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (!text) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     sqlite3_column_bytes(stmt_, column));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

SqliteDb::SqliteDb(const std::string& path, int busy_timeout_ms, Mode mode) : path_(path) {
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("cannot open results database '" + path + "': " + message);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  if (mode == Mode::kReadOnly) return;
  // WAL: readers never block the writer and a killed writer leaves the last
  // committed state; NORMAL sync is durable against process crashes.
  // Switching a new file to WAL needs it to itself, and SQLite does not call
  // the busy handler for that: when several processes open a new database
  // at once, retry here within the same timeout.
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(busy_timeout_ms);
  for (int attempt = 0;; ++attempt) {
    int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
        std::chrono::steady_clock::now() > deadline) {
      std::string message = ErrorMessage();
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError("cannot switch results database '" + path + "' to WAL: " + message);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5 * (attempt % 10)));
  }
  Exec("PRAGMA synchronous=NORMAL");
  Exec("PRAGMA foreign_keys=ON");
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::Exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : ErrorMessage();
    sqlite3_free(error);
    throw StoreError("SQL failed on '" + path_ + "' (" + message + "): " + sql);
  }
}

void SqliteDb::SnapshotTo(const std::string& path) {
  sqlite3* copy = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  std::string message;
  if (rc == SQLITE_OK) {
    sqlite3_backup* backup = sqlite3_backup_init(copy, "main", db_, "main");
    if (!backup) {
      message = sqlite3_errmsg(copy);
    } else {
      rc = sqlite3_backup_step(backup, -1);
      if (rc != SQLITE_DONE) message = sqlite3_errstr(rc);
      sqlite3_backup_finish(backup);
    }
  } else {
    message = copy ? sqlite3_errmsg(copy) : "out of memory";
  }
  sqlite3_close(copy);
  if (!message.empty())
    throw StoreError("cannot copy results database '" + path_ + "' to '" + path + "': " +
                     message);
}

int64_t SqliteDb::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

std::string SqliteDb::ErrorMessage() const { return sqlite3_errmsg(db_); }

Transaction::Transaction(SqliteDb& db) : db_(db) { db_.Exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.Exec("ROLLBACK");
    } catch (...) {
      // Nothing to do: SQLite rolls back an open transaction on close.
    }
  }
}

void Transaction::Commit() {
  db_.Exec("COMMIT");
  done_ = true;
}

}  // namespace ebm
