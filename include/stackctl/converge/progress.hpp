#pragma once
/// Progress of convergence as events: the executor emits them, a ui renderer prints them.

#include <string>

namespace stackctl::converge {

struct ProgressEvent {
    std::string kind;    ///< "Container", "Network", "Volume", "Image"
    std::string name;    ///< demo-web-1
    std::string status;  ///< Creating, Created, Starting, Started, Waiting, Healthy, Exited, Recreate, Recreated,
                         ///< Stopping, Stopped, Removing, Removed, Running, Building, Built, Pulling, Pulled, Error
    std::string detail;  ///< an error message, a warning
    bool error = false;
    bool warning = false;
};

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    /// Called from several threads; implementations serialise.
    virtual void emit(const ProgressEvent& ev) = 0;
};

}  // namespace stackctl::converge
