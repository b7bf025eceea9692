// The unsolicited neighbour advertisement that resource.d/IPv6addr's helper sends.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "heartbeatd/resources/neighbour_advert.hpp"

using hb::resources::unsolicited_na;

BOOST_AUTO_TEST_SUITE(hb_neighbour_advert)

BOOST_AUTO_TEST_CASE(layout_of_an_unsolicited_advert) {
    std::array<std::uint8_t, 16> target{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
    std::array<std::uint8_t, 6> mac{0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    auto p = unsolicited_na(target, mac);
    std::vector<std::uint8_t> want{
        136, 0, 0, 0,                 // neighbour advertisement, code 0, checksum left to the kernel
        0x20, 0, 0, 0,                // Override only: not a router, not solicited
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        2, 1,                         // target link-layer address option, 8 bytes
        0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    BOOST_TEST(p == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(length_is_a_multiple_of_eight_after_the_header) {
    auto p = unsolicited_na({}, {});
    BOOST_TEST(p.size() == 32u);
    BOOST_TEST((p.size() - 24) % 8 == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
