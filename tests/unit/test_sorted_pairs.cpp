// lib/sorted_pairs.hpp: the sorted (key, value) vectors behind directord's health-table
// index and change narrator.
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "lib/sorted_pairs.hpp"

BOOST_AUTO_TEST_SUITE(sorted_pairs)

BOOST_AUTO_TEST_CASE(a_repeated_key_keeps_the_pair_given_last) {
    std::vector<std::pair<int, std::string>> v{{3, "c"}, {1, "a1"}, {2, "b"}, {1, "a2"}, {3, "c2"}, {1, "a3"}};
    ha::sort_keep_last(v);
    std::vector<std::pair<int, std::string>> want{{1, "a3"}, {2, "b"}, {3, "c2"}};
    BOOST_TEST((v == want));
}

BOOST_AUTO_TEST_CASE(lookup_finds_present_keys_only) {
    std::vector<std::pair<int, std::string>> v{{5, "five"}, {1, "one"}, {9, "nine"}};
    ha::sort_keep_last(v);
    BOOST_REQUIRE(ha::find_sorted(v, 5));
    BOOST_TEST(*ha::find_sorted(v, 5) == "five");
    BOOST_TEST(*ha::find_sorted(v, 1) == "one");
    BOOST_TEST(*ha::find_sorted(v, 9) == "nine");
    BOOST_TEST(!ha::find_sorted(v, 0));
    BOOST_TEST(!ha::find_sorted(v, 6));
    BOOST_TEST(!ha::find_sorted(v, 10));
    std::vector<std::pair<int, std::string>> none;
    ha::sort_keep_last(none);
    BOOST_TEST(!ha::find_sorted(none, 1));
}

BOOST_AUTO_TEST_SUITE_END()
