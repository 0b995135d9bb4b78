#include "stackctl/engine/query.hpp"

#include <nlohmann/json.hpp>

namespace stackctl::engine {

std::string encode_filters(const Filters& filters) {
    nlohmann::json doc = nlohmann::json::object();
    for (const auto& [name, values] : filters) {
        if (values.empty()) continue;
        auto& set = doc[name];
        set = nlohmann::json::object();
        for (const auto& v : values) set[v] = true;
    }
    return doc.empty() ? std::string() : doc.dump();
}

namespace {

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

std::string escape(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || keep.find(ch) != std::string_view::npos) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

}  // namespace

std::string url_escape(std::string_view text) { return escape(text, {}); }

std::string path_escape(std::string_view text) { return escape(text, "/:@"); }

Query& Query::add(std::string_view key, std::string_view value) {
    text_ += text_.empty() ? '?' : '&';
    text_ += url_escape(key);
    text_ += '=';
    text_ += url_escape(value);
    return *this;
}

}  // namespace stackctl::engine
