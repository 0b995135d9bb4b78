#include "stackctl/core/utf8.hpp"
#include "stackctl/ui/format.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "stackctl/ui/log_printer.hpp"
#include "stackctl/ui/views.hpp"
#include "test_files.hpp"

using stackctl::test::file_text;

using namespace stackctl::ui;
using std::chrono::seconds;

namespace {
}  // namespace

TEST_CASE("human durations as go-units prints them", "[ui]") {
    CHECK(human_duration(seconds(0)) == "Less than a second");
    CHECK(human_duration(seconds(1)) == "1 second");
    CHECK(human_duration(seconds(59)) == "59 seconds");
    CHECK(human_duration(seconds(60)) == "About a minute");
    CHECK(human_duration(seconds(119)) == "About a minute");
    CHECK(human_duration(seconds(120)) == "2 minutes");
    CHECK(human_duration(seconds(3599)) == "59 minutes");
    CHECK(human_duration(seconds(3600)) == "About an hour");
    CHECK(human_duration(seconds(5400)) == "2 hours");
    CHECK(human_duration(seconds(47 * 3600)) == "47 hours");
    CHECK(human_duration(seconds(48 * 3600)) == "2 days");
    CHECK(human_duration(seconds(15 * 86400)) == "2 weeks");
    CHECK(human_duration(seconds(70 * 86400)) == "2 months");
    CHECK(human_duration(seconds(800 * 86400)) == "2 years");
}

TEST_CASE("command column: quoted and cut at 20 characters", "[ui]") {
    CHECK(stackctl::core::go_quote(ellipsis("sleep 1000", 20)) == "\"sleep 1000\"");
    CHECK(stackctl::core::go_quote(ellipsis("sh -c 'echo hi; exit 3'", 20)) == "\"sh -c 'echo hi; exi…\"");
    CHECK(ellipsis("ééééé", 3) == "éé…");
    CHECK(stackctl::core::go_quote("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
}

TEST_CASE("RFC 3339 times", "[ui]") {
    CHECK(parse_rfc3339("2026-11-22T11:57:54.132098142Z") == 1795348674);
    CHECK(parse_rfc3339("2026-11-22T12:57:54+01:00") == 1795348674);
    CHECK(parse_rfc3339("0001-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("nonsense") == 0);
}

TEST_CASE("log prefixes padded to the widest name", "[ui][logs]") {
    LogPrinter p({"web-1", "database-1"}, {.prefix = true, .color = false});
    CHECK(p.prefix("web-1") == "web-1       | ");
    CHECK(p.prefix("database-1") == "database-1  | ");
    LogPrinter one({"job-1"}, {.prefix = true, .color = false});
    CHECK(one.prefix("job-1") == "job-1  | ");
    LogPrinter colored({"a-1", "b-1"}, {.prefix = true, .color = true});
    CHECK(colored.prefix("a-1") == "\x1b[36ma-1  | \x1b[0m");
    CHECK(colored.prefix("b-1") == "\x1b[33mb-1  | \x1b[0m");
    LogPrinter bare({"a-1"}, {.prefix = false, .color = true});
    CHECK(bare.prefix("a-1").empty());
}

TEST_CASE("ps table and JSON lines match the reference's layout", "[ui][ps]") {
    PsRow web;
    web.id = "bef75f9ef641dd9e5c73b81fe5b6ab2e3104d31a78629d0da70a157af71d21f5";
    web.name = "refp-web-1";
    web.image = "stackctl-test/busybox:latest";
    web.command = "httpd -f -p 8080";
    web.project = "refp";
    web.service = "web";
    web.created = 1795348674;
    web.state = "running";
    web.status = "Up 4 seconds (healthy)";
    web.health = "healthy";
    web.ports = "127.0.0.1:18080->8080/tcp";
    web.publishers = {{"127.0.0.1", 8080, 18080, "tcp"}};
    web.labels = {{"com.docker.compose.project", "refp"}, {"com.docker.compose.service", "web"}};
    web.networks = {"refp_default"};
    PsRow job = web;
    job.id = "a83f3e9a01b9aaaa";
    job.name = "refp-job-1";
    job.command = "sh -c 'echo hi; exit 3'";
    job.service = "job";
    job.state = "exited";
    job.status = "Exited (3) 5 seconds ago";
    job.health.clear();
    job.exit_code = 3;
    job.ports.clear();
    job.publishers.clear();
    job.labels = {{"com.docker.compose.service", "job"}};
    const std::int64_t now = 1795348674 + 8;
    setenv("TZ", "UTC", 1);
    tzset();
    CHECK(ps_table({job, web}, now) == file_text(STACKCTL_TEST_DATA "/ps/table.txt"));
    CHECK(ps_json_lines({job, web}, now) == file_text(STACKCTL_TEST_DATA "/ps/lines.json"));
    // --no-trunc: the whole command (and, in JSON, the whole id)
    CHECK(ps_table({job}, now, false).find("\"sh -c 'echo hi; exit 3'\"") != std::string::npos);
    CHECK(ps_json_lines({job}, now, false).find("\"ID\":\"" + job.id + "\"") != std::string::npos);
    // no rows: the docker CLI's minimum column width of 10
    CHECK(ps_table({}, now) == "NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n");
}

TEST_CASE("status table and JSON", "[ui][status]") {
    StatusRow db{.service = "db",
                 .container = "demo-db-1",
                 .state = "running",
                 .health = "healthy",
                 .ports = "",
                 .started = 1000,
                 .exit_code = std::nullopt,
                 .required = true,
                 .ok = true};
    StatusRow web{.service = "web",
                  .container = "",
                  .state = "not created",
                  .health = "",
                  .ports = "",
                  .started = 0,
                  .exit_code = std::nullopt,
                  .required = true,
                  .ok = false};
    StatusRow job{.service = "migrate",
                  .container = "demo-migrate-1",
                  .state = "exited",
                  .health = "",
                  .ports = "",
                  .started = 0,
                  .exit_code = 0,
                  .required = true,
                  .ok = true};
    const std::string table = status_table({db, web, job}, 1130, false);
    CHECK(table ==
          "SERVICE   CONTAINER        STATE         HEALTH    PORTS   UPTIME      EXIT\n"
          "db        demo-db-1        running       healthy   -       2 minutes   -\n"
          "web       -                not created   -         -       -           -\n"
          "migrate   demo-migrate-1   exited        -         -       -           0\n");
    const std::string json = status_json("demo", {db, web}, 1130);
    CHECK(json.find("\"ok\": false") != std::string::npos);
    CHECK(json.find("\"uptime_seconds\": 130") != std::string::npos);
    CHECK(json.find("\"state\": \"not created\"") != std::string::npos);
}
