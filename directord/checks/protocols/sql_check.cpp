#include "directord/checks/protocols/sql_check.hpp"

#include <cctype>

namespace directord::checks {

std::string sql_query(const std::string& request) {
    if (!request.empty() && request[0] == '/') return request.substr(1);
    return request;
}

std::optional<std::string> sql_missing(const SqlOptions& s) {
    bool no_login = s.login.empty(), no_query = sql_query(s.request).empty();
    if (!no_login && !no_query) return std::nullopt;
    std::string what = no_login && no_query ? "login= and request=" : no_login ? "login=" : "request=";
    return "a " + s.service + " check needs " + what + " (ldirectord reports it down too)";
}

CheckResult sql_verdict(std::uint64_t rows, bool result_set, bool capped) {
    std::string n = std::to_string(rows);
    if (result_set && capped) return {true, "at least " + n + " rows (not read further)"};
    if (result_set) {
        if (rows == 0) return {false, "the query returned no rows"};
        return {true, n + (rows == 1 ? " row" : " rows")};
    }
    if (rows == 0) return {false, "the statement returned no rows and affected none"};
    return {true, n + (rows == 1 ? " row affected" : " rows affected")};
}

std::string sql_message(const char* text) {
    std::string in = text ? text : "", out;
    std::size_t i = 0;
    while (i < in.size()) {
        if (!std::isspace((unsigned char)in[i])) {
            out += in[i++];
            continue;
        }
        std::size_t end = i;
        while (end < in.size() && std::isspace((unsigned char)in[end])) ++end;
        std::string run = in.substr(i, end - i);
        i = end;
        if (i == in.size()) break;   // trailing blanks and newlines
        if (run.find('\n') != std::string::npos) out += "; ";   // libpq's indented continuation lines
        else for (char c : run) out += c == '\t' ? ' ' : c;        // "FATAL:  x" stays as it is
    }
    if (out.empty()) out = "no message";
    return out;
}

} // namespace directord::checks
