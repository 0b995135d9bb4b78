#pragma once
/// The dependency graph of services (depends_on) and the parallel walk over it: forwards for `up` (a service
/// starts once everything it depends on is done), backwards for `down` (a service stops once everything that
/// depends on it is done).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "stackctl/core/result.hpp"

namespace stackctl::graph {

/// depends_on conditions.
enum class Condition : std::uint8_t { started, healthy, completed_successfully };

/// "service_started" -> Condition::started; unknown texts are service_started.
Condition parse_condition(std::string_view text);
const char* condition_name(Condition c);

/// `from` depends on `to`.
struct Edge {
    std::string to;
    Condition condition = Condition::started;
    bool required = true;
    bool restart = false;
};

class Graph {
public:
    /// Adds a node (again: no effect). Nodes keep their insertion order.
    void add_node(const std::string& name);
    /// `from` depends on `edge.to`; both nodes are added when missing.
    void add_edge(const std::string& from, Edge edge);

    [[nodiscard]] bool has(const std::string& name) const { return index_.count(name) != 0; }
    [[nodiscard]] const std::vector<std::string>& nodes() const { return names_; }
    [[nodiscard]] std::size_t size() const { return names_.size(); }
    /// What `name` depends on.
    [[nodiscard]] const std::vector<Edge>& dependencies(const std::string& name) const;
    /// What depends on `name`, in node order.
    [[nodiscard]] std::vector<std::string> dependents(const std::string& name) const;

    /// Errc::cycle naming the cycle ("dependency cycle: a -> b -> a") when there is one.
    [[nodiscard]] core::Status check_acyclic() const;
    /// Dependencies first; among nodes that are ready together, insertion order. Requires no cycle.
    [[nodiscard]] std::vector<std::string> order() const;
    /// `roots` and everything they depend on, transitively.
    [[nodiscard]] std::vector<std::string> with_dependencies(const std::vector<std::string>& roots) const;
    /// `roots` and everything that depends on them, transitively.
    [[nodiscard]] std::vector<std::string> with_dependents(const std::vector<std::string>& roots) const;
    /// The graph restricted to `keep` (edges to other nodes dropped).
    [[nodiscard]] Graph subgraph(const std::vector<std::string>& keep) const;

private:
    std::vector<std::string> names_;
    std::map<std::string, std::size_t> index_;
    std::vector<std::vector<Edge>> deps_;
};

enum class Direction : std::uint8_t { forward, reverse };

struct WalkOptions {
    Direction direction = Direction::forward;
    std::size_t workers = 6;  ///< at most this many visits at once (at least 1)
    /// Set: no further visit is started and the walk ends with Errc::interrupted.
    const std::atomic<bool>* cancel = nullptr;
};

/// Visits every node once, each as soon as the nodes it waits for (its dependencies forwards, its
/// dependents backwards) have been visited successfully, on up to `workers` threads. After the first error
/// (or cancellation) nothing new is started; the visits in progress finish, and the first error is returned.
/// A graph with a cycle is refused before anything is visited.
core::Status walk(const Graph& g, const WalkOptions& opts, const std::function<core::Status(const std::string&)>& visit);

}  // namespace stackctl::graph
