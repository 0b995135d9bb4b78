#pragma once
/// Result<T>: a value or an Error. Pure code (load, graph, reconcile) returns it instead of throwing.

#include <utility>
#include <variant>

#include "stackctl/core/error.hpp"

namespace stackctl::core {

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}     // NOLINT: implicit by design
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

    [[nodiscard]] bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    Error& error() & { return std::get<1>(v_); }
    const Error& error() const& { return std::get<1>(v_); }
    Error&& error() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : err_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

    [[nodiscard]] bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    Error& error() & { return err_; }
    const Error& error() const& { return err_; }
    Error&& error() && { return std::move(err_); }

private:
    Error err_;
    bool failed_ = false;
};

using Status = Result<void>;

}  // namespace stackctl::core

/// Propagates the error of an expression returning Result/Status: `STACKCTL_TRY(stage(x));`
#define STACKCTL_TRY(expr)                                      \
    do {                                                        \
        if (auto stackctl_try_r_ = (expr); !stackctl_try_r_.ok()) \
            return std::move(stackctl_try_r_).error();          \
    } while (0)
