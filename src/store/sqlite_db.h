// A thin RAII layer over the SQLite C API: a connection, prepared
// statements with bound parameters (no SQL is ever built from values), and
// transactions that roll back unless committed.
#ifndef EBMBENCH_STORE_SQLITE_DB_H_
#define EBMBENCH_STORE_SQLITE_DB_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace ebm {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SqliteDb;

class Statement {
 public:
  Statement(SqliteDb& db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds parameters 1..N in order.
  template <typename... Args>
  Statement& Bind(const Args&... args) {
    int index = 1;
    (BindOne(index++, args), ...);
    return *this;
  }
  void BindNull(int index);
  void BindText(int index, const std::string& value) { BindOne(index, value); }

  // Advances; true while a row is available.
  bool Step();
  // Runs a statement that returns no rows.
  void Run();
  void Reset();

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  void BindOne(int index, int64_t value);
  void BindOne(int index, int value) { BindOne(index, static_cast<int64_t>(value)); }
  void BindOne(int index, double value);
  void BindOne(int index, const std::string& value);
  void BindOne(int index, const char* value) { BindOne(index, std::string(value)); }
  void BindOne(int index, const std::optional<int64_t>& value) {
    if (value) BindOne(index, *value); else BindNull(index);
  }
  void Check(int rc) const;

  SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class SqliteDb {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  // kReadWrite opens (creating if needed) the file at `path`: WAL journal,
  // a busy timeout so concurrent writers wait rather than fail, foreign
  // keys on. kReadOnly opens an existing file and changes nothing in it
  // (not even its journal mode).
  explicit SqliteDb(const std::string& path, int busy_timeout_ms = 60000,
                    Mode mode = Mode::kReadWrite);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void Exec(const std::string& sql);
  int64_t LastInsertId() const;
  // Copies the whole database, as of one consistent moment (WAL included),
  // into a new file at `path` with SQLite's online backup. Throws
  // StoreError naming both files (a damaged source, a full disk).
  void SnapshotTo(const std::string& path);
  std::string ErrorMessage() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two
// writers never deadlock upgrading a read lock); ROLLBACK on destruction
// unless Commit() was called.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db);
  ~Transaction();
  void Commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace ebm

#endif  // EBMBENCH_STORE_SQLITE_DB_H_
