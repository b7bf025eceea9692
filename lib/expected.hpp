// A value or an error message. g++ 12 has no std::expected; code that reads untrusted bytes
// or files returns this instead of throwing, so garbage input can never escape as an
// exception (the error convention: doc/ARCHITECTURE.md).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace ha {

struct Error {
    std::string message;
    int code = 0;   // optional category, meaning defined by the producer
};

template <typename T>
class Expected {
public:
    Expected(T value) : v_(std::move(value)) {}
    Expected(Error e) : v_(std::move(e)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    // Safe to call on a value too (empty text, code 0), e.g. in log or test messages.
    const std::string& error() const {
        static const std::string none;
        return ok() ? none : std::get<1>(v_).message;
    }
    int error_code() const { return ok() ? 0 : std::get<1>(v_).code; }

private:
    std::variant<T, Error> v_;
};

inline Error make_error(std::string msg, int code = 0) { return Error{std::move(msg), code}; }

} // namespace ha
