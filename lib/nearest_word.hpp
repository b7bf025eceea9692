// "did you mean" help for an unknown key: the nearest of the known words by edit distance.
#pragma once
#include <string>
#include <vector>

namespace ha {

// The candidate nearest to `word` (compared in lower case), or "" when none is close: about
// one typo per four letters is allowed (at least one, at most three); on a tie the candidate
// that starts like `word` wins ("htp" -> "http", not "ftp"). Never `word` itself.
std::string nearest_word(const std::string& word, const std::vector<std::string>& candidates);

} // namespace ha
