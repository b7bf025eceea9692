// tlsverify=, tlscafile=, tlscapath=: directord's keys for the TLS checks' certificate
// policy, global and per virtual; errors with their line, `directord -t` output, and
// the policy a check gets.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "directord/checks/check_spec.hpp"
#include "tests/unit/config_fake.hpp"

using namespace directord;

namespace {

const char* kVirtual = "virtual=10.0.0.1:443\n\treal=10.0.0.2:443 gate\n\tservice=https\n";

std::string first_error(const std::string& text) {
    auto r = cfgtest::parse(text);
    return r.errors.empty() ? std::string("(accepted)") : r.errors.front().str();
}

checks::TlsPolicy policy_of(const Config& c, std::size_t vi = 0) {
    const auto& v = c.virtuals.at(vi);
    return std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals.at(0))).tls;
}

} // namespace

BOOST_AUTO_TEST_SUITE(config_tls)

BOOST_AUTO_TEST_CASE(defaults_are_ldirectords_chain_and_system_store) {
    auto c = cfgtest::good(kVirtual);
    BOOST_TEST(c.tls.verify == "chain");
    BOOST_TEST(c.virtuals[0].tls.cafile.empty());
    auto p = policy_of(c);
    BOOST_TEST((p.verify == checks::TlsPolicy::Verify::chain));
    BOOST_TEST(p.ca_file.empty());
    BOOST_TEST(p.ca_path.empty());
}

BOOST_AUTO_TEST_CASE(global_values_apply_and_a_virtual_overrides_them) {
    cfgtest::FakeResolver r;
    r.dirs.insert("/etc/ssl/private-ca");
    auto res = parse_config("tlsverify=hostname\ntlscafile=/etc/ssl/ca.pem\ntlscapath=/etc/ssl/private-ca\n" +
                                std::string(kVirtual) + "\nvirtual=10.0.0.1:636\n\treal=10.0.0.2:636 gate\n"
                                                        "\tservice=ldaps\n\ttlsverify=none\n\ttlscafile=\"/srv/other.pem\"\n",
                            "t.cf", r);
    BOOST_REQUIRE(res.config);
    const Config& c = *res.config;
    auto a = policy_of(c, 0);
    BOOST_TEST((a.verify == checks::TlsPolicy::Verify::hostname));
    BOOST_TEST(a.ca_file == "/etc/ssl/ca.pem");
    BOOST_TEST(a.ca_path == "/etc/ssl/private-ca");
    auto b = policy_of(c, 1);
    BOOST_TEST((b.verify == checks::TlsPolicy::Verify::none));
    BOOST_TEST(b.ca_file == "/srv/other.pem");   // quotes are optional
    BOOST_TEST(b.ca_path == "/etc/ssl/private-ca");
    // Different policies are different checks.
    auto sa = std::get<checks::CheckSpec>(checks::spec_for(c, c.virtuals[0], c.virtuals[0].reals[0]));
    auto sb = sa;
    sb.tls.verify = checks::TlsPolicy::Verify::none;
    BOOST_TEST(sa.key() != sb.key());

    std::string n = normalize(c);
    for (const char* needle : {"    tlsverify = hostname\n", "    tlscafile = \"/etc/ssl/ca.pem\"\n",
                               "    tlsverify = none\n", "    tlscafile = \"/srv/other.pem\"\n",
                               "    tlscapath = \"/etc/ssl/private-ca\"\n"})
        BOOST_TEST(n.find(needle) != std::string::npos, needle);
    BOOST_TEST(normalize(cfgtest::good(kVirtual)).find("tlscafile = (system store)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_values_are_errors_with_their_line) {
    BOOST_TEST(first_error("tlsverify=peer\n" + std::string(kVirtual)) ==
               "t.cf:1: tlsverify must be chain, none or hostname, not \"peer\"");
    BOOST_TEST(first_error("tlsverify=none \n" + std::string(kVirtual)).find("remove the trailing blanks") != std::string::npos);
    BOOST_TEST(first_error(std::string(kVirtual) + "\ttlsverify=yes\n") ==
               "t.cf:4: tlsverify must be chain, none or hostname, not \"yes\"");
    BOOST_TEST(first_error("tlscafile=ca.pem\n" + std::string(kVirtual)) ==
               "t.cf:1: tlscafile needs an absolute path, not \"ca.pem\"");
    BOOST_TEST(first_error(std::string(kVirtual) + "\ttlscafile=\n") == "t.cf:4: tlscafile needs an absolute path, not \"\"");
    BOOST_TEST(first_error(std::string(kVirtual) + "\ttlscapath=/no/such/dir\n") ==
               "t.cf:4: tlscapath /no/such/dir is not a directory");
    // Misspelt: the usual suggestion.
    BOOST_TEST(first_error(std::string(kVirtual) + "\ttlsverfy=none\n").find("did you mean \"tlsverify\"") != std::string::npos);
}

// httpredirects= (directord extension, doc/SECURITY.md): same host by default, any or none
// when the operator says so, globally or per virtual; a bad value is an error with its line.
BOOST_AUTO_TEST_CASE(httpredirects_default_global_and_per_virtual) {
    auto redirects_of = [](const Config& c, std::size_t vi) {
        const auto& v = c.virtuals.at(vi);
        return std::get<checks::CheckSpec>(checks::spec_for(c, v, v.reals.at(0))).redirects;
    };
    auto d = cfgtest::good(kVirtual);
    BOOST_TEST((redirects_of(d, 0) == checks::RedirectPolicy::same_host));
    auto c = cfgtest::good("httpredirects=any\n" + std::string(kVirtual) +
                           "\nvirtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\tservice=http\n\thttpredirects=none\n");
    BOOST_TEST((redirects_of(c, 0) == checks::RedirectPolicy::any));
    BOOST_TEST((redirects_of(c, 1) == checks::RedirectPolicy::none));
    // Different policies are different checks.
    auto sa = std::get<checks::CheckSpec>(checks::spec_for(c, c.virtuals[0], c.virtuals[0].reals[0]));
    auto sb = sa;
    sb.redirects = checks::RedirectPolicy::same_host;
    BOOST_TEST(sa.key() != sb.key());
    BOOST_TEST(first_error("httpredirects=elsewhere\n" + std::string(kVirtual)) ==
               "t.cf:1: httpredirects must be none, samehost or any, not \"elsewhere\"");
    BOOST_TEST(first_error(std::string(kVirtual) + "\thttpredirects=follow\n") ==
               "t.cf:4: httpredirects must be none, samehost or any, not \"follow\"");
}

BOOST_AUTO_TEST_SUITE_END()
