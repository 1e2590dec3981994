#include "store/sqlite/spend_writer.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <nlohmann/json.hpp>
#include <utility>

#include "llmgw/observability/logging.hpp"

namespace llmgw::store::sqlite {
namespace {

constexpr std::string_view kInsert = R"sql(
INSERT INTO spend (request_id, key_id, team_id, model, deployment, provider, endpoint,
                   input_tokens, output_tokens, cached_tokens, cache_write_tokens,
                   reasoning_tokens, cost_pico, latency_ms, status, started_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
)sql";

void bind_record(Statement& insert, const SpendRecord& r) {
  insert.bind_text(1, r.request_id)
      .bind_text(2, r.key_id)
      .bind_text(3, r.team_id)
      .bind_text(4, r.model)
      .bind_text(5, r.deployment)
      .bind_text(6, r.provider)
      .bind_text(7, r.endpoint)
      .bind_int(8, r.input_tokens)
      .bind_int(9, r.output_tokens)
      .bind_int(10, r.cached_tokens)
      .bind_int(11, r.cache_write_tokens)
      .bind_int(12, r.reasoning_tokens)
      .bind_optional(13, r.cost_pico)
      .bind_int(14, r.latency_ms)
      .bind_int(15, r.status)
      .bind_int(16, r.started_at_ms);
}

}  // namespace

SpendWriter::SpendWriter(Opener opener, Options options, observability::AppLog* log)
    : opener_(std::move(opener)), options_(options), log_(log) {
  thread_ = std::thread([this] { run_thread(); });
}

SpendWriter::SpendWriter(const std::filesystem::path& file, Options options,
                         observability::AppLog* log)
    : SpendWriter([file] { return Database(file); }, options, log) {}

SpendWriter::~SpendWriter() {
  stop();
}

bool SpendWriter::submit(SpendRecord&& record) noexcept {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() + in_flight_ >= options_.queue_capacity) {
      ++stats_.dropped;
      return false;
    }
    try {
      queue_.push_back(std::move(record));
    } catch (...) {  // Out of memory: the record is lost, the request is not.
      ++stats_.dropped;
      return false;
    }
    // Only a waiting writer needs the futex wake-up; a busy one takes the record with its
    // next batch.
    wake = std::exchange(writer_idle_, false);
  }
  if (wake) wake_.notify_one();
  return true;
}

std::uint64_t SpendWriter::dropped() const noexcept {
  std::lock_guard lock(mutex_);
  return stats_.dropped;
}

SpendWriter::Stats SpendWriter::stats() const {
  std::lock_guard lock(mutex_);
  Stats stats = stats_;
  stats.pending = queue_.size() + in_flight_;
  return stats;
}

void SpendWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ = std::chrono::steady_clock::now() + options_.stop_deadline;
    }
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SpendWriter::run_thread() {
  std::vector<SpendRecord> batch;
  batch.reserve(options_.max_batch);
  auto delay = options_.retry_initial;
  for (;;) {
    if (batch.empty()) {
      std::unique_lock lock(mutex_);
      writer_idle_ = true;
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      writer_idle_ = false;
      if (queue_.empty()) break;  // Stopping, and everything accepted is committed.
      const std::size_t n = std::min(options_.max_batch, queue_.size());
      std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n),
                std::back_inserter(batch));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      in_flight_ = n;
    }
    if (write_batch(batch)) {
      std::lock_guard lock(mutex_);
      stats_.written += batch.size();
      in_flight_ = 0;
      batch.clear();
      delay = options_.retry_initial;
      continue;
    }
    // The batch stays in hand and is retried; meanwhile submit() keeps accepting up to the
    // queue bound, which counts this batch.
    if (!wait_before_retry(delay)) {
      std::uint64_t lost = 0;
      {
        std::lock_guard lock(mutex_);
        lost = in_flight_ + queue_.size();
        stats_.lost += lost;
        queue_.clear();
        in_flight_ = 0;
      }
      if (log_ != nullptr) {
        log_->error("spend records lost at shutdown: the store kept failing", {{"records", lost}});
      }
      break;
    }
    delay = std::min(delay * 2, options_.retry_max);
  }
  db_.reset();  // Closed on the thread that used it.
}

bool SpendWriter::write_batch(const std::vector<SpendRecord>& batch) {
  try {
    if (!db_) db_.emplace(opener_());
    Transaction transaction(*db_);
    auto insert = db_->prepare(kInsert);
    for (const SpendRecord& record : batch) {
      bind_record(insert, record);
      insert.run();
      insert.reset();
    }
    transaction.commit();
    return true;
  } catch (const std::exception& e) {
    std::size_t pending = 0;
    {
      std::lock_guard lock(mutex_);
      ++stats_.write_errors;
      pending = queue_.size() + in_flight_;
    }
    // The message is SQLite's and names the statement or file, never a record's values.
    if (log_ != nullptr) {
      log_->warn("spend write failed; retrying",
                 {{"error", e.what()}, {"batch", batch.size()}, {"pending", pending}});
    }
    // A connection that failed may be unusable (I/O error, file replaced); a new one is cheap.
    db_.reset();
    return false;
  }
}

bool SpendWriter::wait_before_retry(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  auto until = now + delay;
  const bool was_stopping = stopping_;
  if (was_stopping) {
    if (now >= stop_deadline_) return false;
    until = std::min(until, stop_deadline_);
  }
  // stop() cuts the wait short: one more attempt right away, then retries until its deadline.
  wake_.wait_until(lock, until, [&] { return stopping_ != was_stopping; });
  return true;
}

}  // namespace llmgw::store::sqlite
