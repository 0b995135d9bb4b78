#include <catch2/catch.hpp>

#include "stackctl/ui/progress.hpp"

using namespace stackctl;

TEST_CASE("ui: plain progress lines read like the reference's", "[ui][progress]") {
    CHECK(ui::plain_progress_line({"Container", "demo-web-1", "Started"}) == " Container demo-web-1  Started");
    CHECK(ui::plain_progress_line({"Container", "demo-db-1", "Error", "container demo-db-1 is unhealthy", true}) ==
          " Container demo-db-1  Error container demo-db-1 is unhealthy");
    CHECK(ui::parse_progress_mode("json") == ui::ProgressMode::json);
    CHECK(ui::parse_progress_mode("quiet") == ui::ProgressMode::quiet);
    CHECK(ui::parse_progress_mode("tty") == ui::ProgressMode::plain);
}
