#include <catch2/catch.hpp>

#include "stackctl/converge/images.hpp"

using stackctl::converge::image_action;
using stackctl::converge::ImageAction;
using stackctl::converge::valid_pull_policy;

TEST_CASE("image_action: missing (the default) uses a present image and gets an absent one", "[converge][images]") {
    for (const char* policy : {"", "missing"}) {
        CHECK(image_action(policy, false, true, true) == ImageAction::use);
        CHECK(image_action(policy, false, true, false) == ImageAction::pull);
        CHECK(image_action(policy, true, true, true) == ImageAction::use);
        // a build section with its own image name tries the registry first; without one it only builds
        CHECK(image_action(policy, true, true, false) == ImageAction::pull_then_build);
        CHECK(image_action(policy, true, false, false) == ImageAction::build);
    }
}

TEST_CASE("image_action: always pulls even a present image; a build section builds when the pull fails",
          "[converge][images]") {
    CHECK(image_action("always", false, true, true) == ImageAction::pull);
    CHECK(image_action("always", false, true, false) == ImageAction::pull);
    CHECK(image_action("always", true, true, true) == ImageAction::pull_then_build);
    CHECK(image_action("always", true, false, false) == ImageAction::pull_then_build);
}

TEST_CASE("image_action: never pulls; an absent image is built when it can be, else missing", "[converge][images]") {
    CHECK(image_action("never", false, true, true) == ImageAction::use);
    CHECK(image_action("never", false, true, false) == ImageAction::missing);
    CHECK(image_action("never", true, true, false) == ImageAction::build);
    CHECK(image_action("never", true, false, false) == ImageAction::build);
}

TEST_CASE("image_action: build rebuilds services with a build section and never pulls for the others",
          "[converge][images]") {
    CHECK(image_action("build", true, true, true) == ImageAction::build);
    CHECK(image_action("build", true, false, false) == ImageAction::build);
    CHECK(image_action("build", false, true, true) == ImageAction::use);
    CHECK(image_action("build", false, true, false) == ImageAction::missing);
}

TEST_CASE("valid_pull_policy: the values of up --pull", "[converge][images]") {
    for (const char* p : {"always", "missing", "never", "build", "if_not_present"}) CHECK(valid_pull_policy(p));
    for (const char* p : {"", "bogus", "Always", "daily"}) CHECK_FALSE(valid_pull_policy(p));
}
