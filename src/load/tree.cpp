#include "stackctl/load/tree.hpp"

#include <algorithm>
#include <unordered_map>

namespace stackctl::load {

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::null: return "null";
        case Kind::boolean: return "boolean";
        case Kind::integer: return "integer";
        case Kind::floating: return "number";
        case Kind::string: return "string";
        case Kind::seq: return "array";
        case Kind::map: return "object";
    }
    return "value";
}

Node Node::null(core::SourceLoc loc) {
    Node n;
    n.loc = loc;
    return n;
}

Node Node::string(std::string value, core::SourceLoc loc) {
    Node n;
    n.kind = Kind::string;
    n.text = std::move(value);
    n.loc = loc;
    return n;
}

Node Node::integer(std::int64_t value, core::SourceLoc loc) {
    Node n;
    n.kind = Kind::integer;
    n.int_value = value;
    n.float_value = static_cast<double>(value);
    n.text = std::to_string(value);
    n.loc = loc;
    return n;
}

Node Node::floating(double value, core::SourceLoc loc) {
    Node n;
    n.kind = Kind::floating;
    n.float_value = value;
    n.text = format_float(value);
    n.loc = loc;
    return n;
}

Node Node::boolean(bool value, core::SourceLoc loc) {
    Node n;
    n.kind = Kind::boolean;
    n.int_value = value ? 1 : 0;
    n.text = value ? "true" : "false";
    n.loc = loc;
    return n;
}

Node Node::seq(core::SourceLoc loc) {
    Node n;
    n.kind = Kind::seq;
    n.loc = loc;
    return n;
}

Node Node::map(core::SourceLoc loc) {
    Node n;
    n.kind = Kind::map;
    n.loc = loc;
    return n;
}

const MapEntry* Node::find_entry(std::string_view key) const {
    for (const auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

MapEntry* Node::find_entry(std::string_view key) {
    for (auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

const Node* Node::find(std::string_view key) const {
    const MapEntry* e = find_entry(key);
    return e != nullptr ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) {
    MapEntry* e = find_entry(key);
    return e != nullptr ? &e->value : nullptr;
}

Node& Node::set(std::string key, Node value, core::SourceLoc key_loc) {
    if (MapEntry* e = find_entry(key)) {
        e->value = std::move(value);
        if (key_loc.known()) e->key_loc = key_loc;
        return e->value;
    }
    entries.push_back(MapEntry{std::move(key), key_loc, std::move(value)});
    return entries.back().value;
}

bool Node::erase(std::string_view key) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const MapEntry& e) { return e.key == key; });
    if (it == entries.end()) return false;
    entries.erase(it);
    return true;
}

std::size_t Node::size() const {
    if (kind == Kind::seq) return items.size();
    if (kind == Kind::map) return entries.size();
    return 0;
}

bool Node::same_value(const Node& other) const {
    if (kind != other.kind) return false;
    switch (kind) {
        case Kind::null: return true;
        case Kind::boolean:
        case Kind::integer: return int_value == other.int_value;
        case Kind::floating: return float_value == other.float_value;
        case Kind::string: return text == other.text;
        case Kind::seq:
            if (items.size() != other.items.size()) return false;
            for (std::size_t i = 0; i < items.size(); ++i)
                if (!items[i].same_value(other.items[i])) return false;
            return true;
        case Kind::map: {
            if (entries.size() != other.entries.size()) return false;
            if (entries.size() < 32) {
                for (const auto& e : entries) {
                    const Node* o = other.find(e.key);
                    if (o == nullptr || !e.value.same_value(*o)) return false;
                }
                return true;
            }
            std::unordered_map<std::string_view, const Node*> index;
            for (const auto& e : other.entries) index.emplace(e.key, &e.value);
            for (const auto& e : entries) {
                auto it = index.find(e.key);
                if (it == index.end() || !e.value.same_value(*it->second)) return false;
            }
            return true;
        }
    }
    return false;
}

std::size_t Node::count_nodes() const {
    std::size_t n = 1;
    for (const auto& i : items) n += i.count_nodes();
    for (const auto& e : entries) n += e.value.count_nodes();
    return n;
}

void Path::push_key(std::string_view key) { segs_.emplace_back(key); }

void Path::push_index(std::size_t index) {
    std::string seg = "[";
    seg += std::to_string(index);
    seg += ']';
    segs_.push_back(std::move(seg));
}

void Path::pop() {
    if (!segs_.empty()) segs_.pop_back();
}

std::string Path::str() const {
    std::string out;
    for (const auto& s : segs_) {
        if (!out.empty() && s.front() != '[') out += '.';
        out += s;
    }
    return out;
}

}  // namespace stackctl::load

#include <charconv>
#include <cmath>

namespace stackctl::load {

std::string format_float(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == 0) return std::signbit(value) ? "-0" : "0";
    // Shortest round-trip digits in scientific form: [-]d[.ddd]e[+-]XX
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
    const bool negative = sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    const auto e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.') digits += c;
    int exp = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
    std::string out = negative ? "-" : "";
    if (exp < -4 || exp >= 6) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        out += exp < 0 ? "e-" : "e+";
        const int a = exp < 0 ? -exp : exp;
        if (a < 10) out += '0';
        out += std::to_string(a);
        return out;
    }
    if (exp < 0) {
        out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
        return out;
    }
    const auto int_digits = static_cast<std::size_t>(exp + 1);
    if (digits.size() <= int_digits) {
        out += digits + std::string(int_digits - digits.size(), '0');
    } else {
        out += digits.substr(0, int_digits) + "." + digits.substr(int_digits);
    }
    return out;
}

}  // namespace stackctl::load
