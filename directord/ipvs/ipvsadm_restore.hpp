// One table sync through ONE `ipvsadm -R` run: the ops as the lines `ipvsadm -S -n` writes
// (the same options as the command line), and how to tell per op what happened. Pure.
//
// What ipvsadm 1.31's -R does with its input (its source, restore_table/process_options):
// each line goes through the command-line parser; a line the kernel refuses prints one
// line (ipvs_strerror) on stderr and the next line is read; a line the parser rejects
// (bad address, unknown option, port 0 without persistence...) prints its message and
// exits with status 2, so the lines after it are never applied. The exit status is the
// last line's. So neither the status nor stderr alone says which ops failed: the table
// is read back and each op checked against it (ops_in_effect).
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "directord/ipvs/model.hpp"

namespace ipvs {

// One line per op, "-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n" ..., in order.
std::string restore_script(std::span<const Op> ops);
std::string restore_script(std::span<const Op> ops, std::span<const std::size_t> which);

// For each op: is the table `after` what it asked for? An op followed later in the batch
// by another op on the same object (a service, or one real server of a service) is also
// done when that later op is (a pe change deletes and re-adds its service in one batch:
// the delete is done when the service is gone, or back with the new options).
std::vector<bool> ops_in_effect(const Table& after, std::span<const Op> ops);

// The non-blank lines of a tool's stderr, trimmed.
std::vector<std::string> error_lines(std::string_view stderr_text);

} // namespace ipvs
