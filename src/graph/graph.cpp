#include "stackctl/graph/graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace stackctl::graph {

Condition parse_condition(std::string_view text) {
    if (text == "service_healthy") return Condition::healthy;
    if (text == "service_completed_successfully") return Condition::completed_successfully;
    return Condition::started;
}

const char* condition_name(Condition c) {
    switch (c) {
    case Condition::healthy: return "service_healthy";
    case Condition::completed_successfully: return "service_completed_successfully";
    case Condition::started: break;
    }
    return "service_started";
}

void Graph::add_node(const std::string& name) {
    if (has(name)) return;
    index_.emplace(name, names_.size());
    names_.push_back(name);
    deps_.emplace_back();
}

void Graph::add_edge(const std::string& from, Edge edge) {
    add_node(from);
    add_node(edge.to);
    auto& list = deps_[index_.at(from)];
    for (auto& e : list) {
        if (e.to == edge.to) {
            e = std::move(edge);
            return;
        }
    }
    list.push_back(std::move(edge));
}

const std::vector<Edge>& Graph::dependencies(const std::string& name) const {
    static const std::vector<Edge> none;
    auto it = index_.find(name);
    return it == index_.end() ? none : deps_[it->second];
}

std::vector<std::string> Graph::dependents(const std::string& name) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < names_.size(); ++i) {
        for (const auto& e : deps_[i]) {
            if (e.to == name) {
                out.push_back(names_[i]);
                break;
            }
        }
    }
    return out;
}

core::Status Graph::check_acyclic() const {
    // 0 unvisited, 1 on the stack, 2 done
    std::vector<int> state(names_.size(), 0);
    std::vector<std::size_t> stack;
    std::vector<std::string> cycle;
    auto dfs = [&](auto&& self, std::size_t n) -> bool {
        state[n] = 1;
        stack.push_back(n);
        for (const auto& e : deps_[n]) {
            std::size_t m = index_.at(e.to);
            if (state[m] == 1) {
                auto it = std::find(stack.begin(), stack.end(), m);
                for (; it != stack.end(); ++it) cycle.push_back(names_[*it]);
                cycle.push_back(names_[m]);
                return true;
            }
            if (state[m] == 0 && self(self, m)) return true;
        }
        stack.pop_back();
        state[n] = 2;
        return false;
    };
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (state[i] == 0 && dfs(dfs, i)) {
            std::string path;
            for (const auto& c : cycle) path += (path.empty() ? "" : " -> ") + c;
            return core::Error(core::Errc::cycle, fmt::format("dependency cycle: {}", path));
        }
    }
    return {};
}

std::vector<std::string> Graph::order() const {
    std::vector<std::size_t> pending(names_.size());
    for (std::size_t i = 0; i < names_.size(); ++i) pending[i] = deps_[i].size();
    std::vector<std::string> out;
    std::vector<bool> done(names_.size(), false);
    while (out.size() < names_.size()) {
        std::vector<std::size_t> wave;
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (!done[i] && pending[i] == 0) wave.push_back(i);
        if (wave.empty()) break;  // a cycle: the rest cannot be ordered
        for (std::size_t i : wave) {
            done[i] = true;
            out.push_back(names_[i]);
            for (std::size_t j = 0; j < names_.size(); ++j)
                for (const auto& e : deps_[j])
                    if (e.to == names_[i]) --pending[j];
        }
    }
    return out;
}

namespace {

/// `roots` and every node reachable from them through `next`, in the graph's declaration order.
template <typename Next>
std::vector<std::string> reachable(const std::vector<std::string>& names, const std::vector<std::string>& roots,
                                   Next next) {
    std::set<std::string> seen;
    std::deque<std::string> todo(roots.begin(), roots.end());
    while (!todo.empty()) {
        auto n = todo.front();
        todo.pop_front();
        if (!seen.insert(n).second) continue;
        next(n, todo);
    }
    std::vector<std::string> out;
    for (const auto& n : names)
        if (seen.count(n) != 0) out.push_back(n);
    return out;
}

}  // namespace

std::vector<std::string> Graph::with_dependencies(const std::vector<std::string>& roots) const {
    return reachable(names_, roots, [this](const std::string& n, std::deque<std::string>& todo) {
        for (const auto& e : dependencies(n)) todo.push_back(e.to);
    });
}

std::vector<std::string> Graph::with_dependents(const std::vector<std::string>& roots) const {
    return reachable(names_, roots, [this](const std::string& n, std::deque<std::string>& todo) {
        for (auto& d : dependents(n)) todo.push_back(std::move(d));
    });
}

Graph Graph::subgraph(const std::vector<std::string>& keep) const {
    std::set<std::string> k(keep.begin(), keep.end());
    Graph g;
    for (const auto& n : names_)
        if (k.count(n) != 0) g.add_node(n);
    for (const auto& n : names_) {
        if (k.count(n) == 0) continue;
        for (const auto& e : dependencies(n))
            if (k.count(e.to) != 0) g.add_edge(n, e);
    }
    return g;
}

core::Status walk(const Graph& g, const WalkOptions& opts, const std::function<core::Status(const std::string&)>& visit) {
    STACKCTL_TRY(g.check_acyclic());
    const auto& names = g.nodes();
    const std::size_t n = names.size();
    if (n == 0) return {};
    // waits_on[i]: how many nodes must finish before i; releases[i]: the nodes i's completion counts for.
    std::vector<std::size_t> waits_on(n, 0);
    std::vector<std::vector<std::size_t>> releases(n);
    std::map<std::string, std::size_t> idx;
    for (std::size_t i = 0; i < n; ++i) idx[names[i]] = i;
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& e : g.dependencies(names[i])) {
            std::size_t d = idx.at(e.to);
            if (opts.direction == Direction::forward) {
                ++waits_on[i];
                releases[d].push_back(i);
            } else {
                ++waits_on[d];
                releases[i].push_back(d);
            }
        }
    }

    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::size_t> ready;
    for (std::size_t i = 0; i < n; ++i)
        if (waits_on[i] == 0) ready.push_back(i);
    std::size_t finished = 0;
    std::size_t running = 0;
    bool stop = false;
    std::optional<core::Error> first_error;

    auto cancelled = [&] { return opts.cancel != nullptr && opts.cancel->load(); };
    auto worker = [&] {
        std::unique_lock lock(mu);
        for (;;) {
            cv.wait(lock, [&] { return stop || !ready.empty() || finished == n || (running == 0 && ready.empty()); });
            if (stop || finished == n || (ready.empty() && running == 0)) return;
            if (cancelled()) {
                if (!first_error) first_error = core::Error(core::Errc::interrupted, "interrupted");
                stop = true;
                cv.notify_all();
                return;
            }
            std::size_t node = ready.front();
            ready.pop_front();
            ++running;
            lock.unlock();
            core::Status s = visit(names[node]);
            lock.lock();
            --running;
            ++finished;
            if (!s) {
                if (!first_error) first_error = std::move(s).error();
                stop = true;
            } else {
                for (std::size_t r : releases[node])
                    if (--waits_on[r] == 0) ready.push_back(r);
            }
            cv.notify_all();
        }
    };
    std::size_t workers = std::max<std::size_t>(1, std::min(opts.workers, n));
    std::vector<std::thread> threads;
    threads.reserve(workers - 1);
    for (std::size_t i = 1; i < workers; ++i) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (first_error) return std::move(*first_error);
    if (cancelled() && finished < n) return core::Error(core::Errc::interrupted, "interrupted");
    return {};
}

}  // namespace stackctl::graph
