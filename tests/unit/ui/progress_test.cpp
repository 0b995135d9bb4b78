#include "stackctl/ui/progress.hpp"

#include <catch2/catch.hpp>

using namespace stackctl::ui;

TEST_CASE("progress modes", "[ui][progress]") {
    CHECK(parse_progress_mode("plain") == ProgressMode::plain);
    CHECK(parse_progress_mode("json") == ProgressMode::json);
    CHECK(parse_progress_mode("quiet") == ProgressMode::quiet);
    CHECK(parse_progress_mode("tty") == ProgressMode::tty);
    CHECK(parse_progress_mode("auto") == ProgressMode::auto_);
    CHECK_FALSE(parse_progress_mode("fancy").has_value());
}

TEST_CASE("plain and json progress lines", "[ui][progress]") {
    std::string text;
    auto plain = make_progress_writer(ProgressMode::plain, [&](std::string_view s) { text += s; });
    plain->event({.id = "Service web", .status = ProgressStatus::working, .text = "Building"});
    plain->event({.id = "Service web",
                  .parent = "Service web",
                  .text = "output",
                  .detail = "Step 1/2 : FROM x",
                  .output = true});
    plain->event(
        {.id = "Service web", .status = ProgressStatus::done, .text = "Built", .detail = "0123456789ab"});
    plain->stop();
    plain->event({.id = "late", .text = "ignored"});
    CHECK(text == "Service web Building\nService web Step 1/2 : FROM x\nService web Built 0123456789ab\n");

    text.clear();
    auto json = make_progress_writer(ProgressMode::json, [&](std::string_view s) { text += s; });
    json->event({.id = "Layer abc",
                 .parent = "Image x",
                 .status = ProgressStatus::working,
                 .text = "Downloading",
                 .current = 5,
                 .total = 10});
    json->event({.id = "Image x", .status = ProgressStatus::error, .text = "Error", .detail = "denied"});
    CHECK(text ==
          "{\"id\":\"Layer abc\",\"parent_id\":\"Image x\",\"status\":\"working\",\"text\":\"Downloading\","
          "\"current\":5,\"total\":10}\n"
          "{\"id\":\"Image x\",\"status\":\"error\",\"text\":\"Error\",\"detail\":\"denied\"}\n");

    text.clear();
    auto quiet = make_progress_writer(ProgressMode::quiet, [&](std::string_view s) { text += s; });
    quiet->event({.id = "Image x", .text = "Pulling"});
    CHECK(text.empty());
}

TEST_CASE("converge's step events in plain lines", "[ui][progress]") {
    using stackctl::converge::step_event;
    CHECK(plain_line(step_event("Container", "demo-web-1", "Started")) == "Container demo-web-1 Started");
    CHECK(step_event("Container", "demo-web-1", "Started").status == ProgressStatus::done);
    CHECK(step_event("Container", "demo-web-1", "Running").status == ProgressStatus::done);
    CHECK(step_event("Container", "demo-web-1", "Recreate").status == ProgressStatus::working);
    CHECK(step_event("Network", "demo_default", "Creating").status == ProgressStatus::working);
    CHECK(step_event("Volume", "demo_data", "Warning", "exists").status == ProgressStatus::warning);
    const auto err = step_event("Container", "demo-db-1", "Error", "container demo-db-1 is unhealthy");
    CHECK(err.status == ProgressStatus::error);
    CHECK(plain_line(err) == "Container demo-db-1 Error container demo-db-1 is unhealthy");
    CHECK(json_line(err) ==
          "{\"id\":\"Container demo-db-1\",\"status\":\"error\",\"text\":\"Error\","
          "\"detail\":\"container demo-db-1 is unhealthy\"}");
}
