// lib/metrics_text and lib/metrics_http: the exposition format and the request judge.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "lib/metrics_http.hpp"
#include "lib/metrics_text.hpp"

using namespace ha::metrics;

BOOST_AUTO_TEST_SUITE(metrics_text)

BOOST_AUTO_TEST_CASE(counter_and_gauge_lines) {
    Family c{"hb_heartbeats_sent_total", "Heartbeats sent.", Type::counter, {{{{"medium", "eth0"}}, 42}}, {}};
    Family g{"real_up", "1 when up.", Type::gauge, {{{{"virtual", "10.0.0.1:80"}, {"real", "10.0.0.2:80"}}, 1}, {{}, 0}}, {}};
    BOOST_CHECK_EQUAL(exposition({c, g}),
                      "# HELP hb_heartbeats_sent_total Heartbeats sent.\n"
                      "# TYPE hb_heartbeats_sent_total counter\n"
                      "hb_heartbeats_sent_total{medium=\"eth0\"} 42\n"
                      "# HELP real_up 1 when up.\n"
                      "# TYPE real_up gauge\n"
                      "real_up{virtual=\"10.0.0.1:80\",real=\"10.0.0.2:80\"} 1\n"
                      "real_up 0\n");
}

BOOST_AUTO_TEST_CASE(histogram_is_cumulative_with_inf_sum_and_count) {
    Histogram h({0.1, 1});
    h.observe(0.05);
    h.observe(0.1);   // le is inclusive
    h.observe(0.5);
    h.observe(7);
    Family f{"d_seconds", "Durations.", Type::histogram, {}, {{{{"op", "start"}}, h.data()}}};
    BOOST_CHECK_EQUAL(exposition({f}),
                      "# HELP d_seconds Durations.\n"
                      "# TYPE d_seconds histogram\n"
                      "d_seconds_bucket{op=\"start\",le=\"0.1\"} 2\n"
                      "d_seconds_bucket{op=\"start\",le=\"1\"} 3\n"
                      "d_seconds_bucket{op=\"start\",le=\"+Inf\"} 4\n"
                      "d_seconds_sum{op=\"start\"} 7.65\n"
                      "d_seconds_count{op=\"start\"} 4\n");
}

BOOST_AUTO_TEST_CASE(escaping_of_label_values_and_help) {
    BOOST_CHECK_EQUAL(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    BOOST_CHECK_EQUAL(escape_help("x\\y\n\"z\""), "x\\\\y\\n\"z\"");
}

BOOST_AUTO_TEST_CASE(names_are_checked_and_bad_ones_left_out) {
    BOOST_CHECK(valid_metric_name("a_b:c9"));
    BOOST_CHECK(!valid_metric_name("9a"));
    BOOST_CHECK(!valid_metric_name("a-b"));
    BOOST_CHECK(!valid_metric_name(""));
    BOOST_CHECK(valid_label_name("node"));
    BOOST_CHECK(!valid_label_name("__name"));
    BOOST_CHECK(!valid_label_name("a:b"));
    std::vector<std::string> errors;
    Family bad{"bad-name", "x", Type::gauge, {{{}, 1}}, {}};
    Family badlabel{"ok", "x", Type::gauge, {{{{"le", "1"}}, 1}, {{{"n", "v"}}, 2}}, {}};
    auto text = exposition({bad, badlabel}, &errors);
    BOOST_CHECK_EQUAL(errors.size(), 2u);
    BOOST_CHECK(text.find("bad-name") == std::string::npos);
    BOOST_CHECK(text.find("ok{n=\"v\"} 2\n") != std::string::npos);
    BOOST_CHECK(text.find("le=") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(values) {
    BOOST_CHECK_EQUAL(format_value(0), "0");
    BOOST_CHECK_EQUAL(format_value(-3), "-3");
    BOOST_CHECK_EQUAL(format_value(1e20), "1e+20");
    BOOST_CHECK_EQUAL(format_value(0.25), "0.25");
    BOOST_CHECK_EQUAL(format_value(INFINITY), "+Inf");
    BOOST_CHECK_EQUAL(format_value(-INFINITY), "-Inf");
    BOOST_CHECK_EQUAL(format_value(NAN), "NaN");
}

BOOST_AUTO_TEST_CASE(listen_addresses) {
    std::string e;
    auto a = parse_listen_address("127.0.0.1:9101", e);
    BOOST_REQUIRE(a);
    BOOST_CHECK_EQUAL(a->addr.str(), "127.0.0.1");
    BOOST_CHECK_EQUAL(a->port, 9101);
    auto b = parse_listen_address("[::1]:80", e);
    BOOST_REQUIRE(b);
    BOOST_CHECK(b->addr.is_v6());
    for (const char* bad : {"127.0.0.1", "::1:80", "[::1]80", "localhost:80", "127.0.0.1:0", "127.0.0.1:65536",
                            "127.0.0.1:8x", "[127.0.0.1]:80", ":80", "127.0.0.1:"}) {
        e.clear();
        BOOST_CHECK_MESSAGE(!parse_listen_address(bad, e), bad);
        BOOST_CHECK(!e.empty());
    }
}

BOOST_AUTO_TEST_CASE(request_judge) {
    using K = RequestVerdict::Kind;
    BOOST_CHECK(judge_request("GET /metrics HTTP/1.0\r\n").kind == K::incomplete);
    BOOST_CHECK(judge_request("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").kind == K::metrics);
    BOOST_CHECK(judge_request("GET /metrics?x=1 HTTP/1.0\n\n").kind == K::metrics);
    auto h = judge_request("HEAD /metrics HTTP/1.0\r\n\r\n");
    BOOST_CHECK(h.kind == K::metrics && h.head_only);
    BOOST_CHECK(judge_request("GET / HTTP/1.0\r\n\r\n").kind == K::not_found);
    BOOST_CHECK(judge_request("POST /metrics HTTP/1.0\r\n\r\n").kind == K::method_not_allowed);
    BOOST_CHECK(judge_request("GET /metrics\r\n\r\n").kind == K::bad_request);
    BOOST_CHECK(judge_request("GET /metrics FTP/1.0\r\n\r\n").kind == K::bad_request);
    BOOST_CHECK(judge_request(std::string(kMaxRequestHead, 'a')).kind == K::too_large);
}

BOOST_AUTO_TEST_CASE(responses) {
    RequestVerdict ok{RequestVerdict::Kind::metrics, false};
    auto r = http_response(ok, "x 1\n");
    BOOST_CHECK_EQUAL(r, "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                         "Content-Length: 4\r\nConnection: close\r\n\r\nx 1\n");
    RequestVerdict head{RequestVerdict::Kind::metrics, true};
    BOOST_CHECK(http_response(head, "x 1\n").ends_with("Content-Length: 4\r\nConnection: close\r\n\r\n"));
    auto nf = http_response({RequestVerdict::Kind::not_found, false}, "secret");
    BOOST_CHECK(nf.starts_with("HTTP/1.0 404 "));
    BOOST_CHECK(nf.find("secret") == std::string::npos);
    BOOST_CHECK(http_response({RequestVerdict::Kind::method_not_allowed, false}, "").find("Allow: GET, HEAD\r\n") !=
                std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
