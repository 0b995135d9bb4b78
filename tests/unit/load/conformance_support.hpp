#pragma once
// Counting helper for the tests that replay compose-go's case tables (../shared/conformance).

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace stackctl::test {

/// Counts the cases of one oracle file and reports them: a WARN line with the counts (visible in the test
/// log), then one failed CHECK listing every case that did not pass.
class Tally {
  public:
    explicit Tally(std::string name) : name_(std::move(name)) {}
    void pass() { ++passed_; }
    void fail(std::string what) { failures_.push_back(std::move(what)); }
    void skip(std::string why) { skipped_.push_back(std::move(why)); }
    /// Records a pass when `ok`, else a failure described by `what`.
    void check(bool ok, const std::string& what) { ok ? pass() : fail(what); }

    void report() const {
        std::size_t run = static_cast<std::size_t>(passed_) + failures_.size();
        WARN(fmt::format("{}: {} of {} cases pass, {} skipped", name_, passed_, run, skipped_.size()));
        std::string text;
        for (const auto& f : failures_) text += "  FAIL " + f + "\n";
        for (const auto& s : skipped_) text += "  skip " + s + "\n";
        INFO(text);
        CHECK(failures_.empty());
    }

  private:
    std::string name_;
    int passed_ = 0;
    std::vector<std::string> failures_, skipped_;
};

}  // namespace stackctl::test
