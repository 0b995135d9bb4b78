#include "stackctl/converge/project_state.hpp"

#include <catch2/catch.hpp>

using stackctl::converge::ContainerState;
using stackctl::converge::format_ports;
using stackctl::converge::PortBinding;

TEST_CASE("ports column as docker ps prints it", "[converge][ps]") {
    CHECK(format_ports({}).empty());
    CHECK(format_ports({{"127.0.0.1", 8080, 18080, "tcp"}}) == "127.0.0.1:18080->8080/tcp");
    CHECK(format_ports({{"", 80, 0, "tcp"}}) == "80/tcp");
    // Same host and container port: grouped into ranges per address and protocol.
    CHECK(format_ports({{"0.0.0.0", 8001, 8001, "tcp"},
                        {"0.0.0.0", 8000, 8000, "tcp"},
                        {"0.0.0.0", 8002, 8002, "tcp"}}) == "0.0.0.0:8000-8002->8000-8002/tcp");
    // Unpublished ports in ranges, then mappings to other host ports, in port order.
    CHECK(
        format_ports(
            {{"127.0.0.1", 80, 8080, "tcp"}, {"", 443, 0, "tcp"}, {"", 444, 0, "tcp"}, {"", 53, 0, "udp"}}) ==
        "53/udp, 443-444/tcp, 127.0.0.1:8080->80/tcp");
    CHECK(format_ports({{"::", 80, 8080, "tcp"}, {"0.0.0.0", 80, 8080, "tcp"}}) ==
          "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
    // A gap ends a range.
    CHECK(format_ports({{"", 1, 0, "tcp"}, {"", 3, 0, "tcp"}}) == "1/tcp, 3/tcp");
}

TEST_CASE("display name of a container", "[converge][ps]") {
    ContainerState c;
    c.name = "demo-web-2";
    CHECK(stackctl::converge::display_name(c) == "demo-web-2");
    c.service = "web";
    c.number = 2;
    CHECK(stackctl::converge::display_name(c) == "web-2");
}
