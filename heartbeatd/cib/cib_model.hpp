// A Pacemaker CIB as `heartbeatd cib` writes it: only the parts a haresources pair needs
// (nodes, cluster options, resource defaults, groups of primitives, home-node locations),
// plus XML comments that carry advice and what was not converted.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace hb::cib {

struct NameValue {
    std::string name, value;
};

struct Operation {
    std::string name;       // monitor, start, stop
    std::string interval;   // "0s" for start/stop
    std::string timeout;
};

struct Primitive {
    std::string id;
    std::string cls;        // ocf, lsb
    std::string provider;   // heartbeat for ocf, empty for lsb
    std::string type;
    std::string description;
    std::vector<NameValue> params;
    std::vector<Operation> ops;
};

// One member of a group in haresources order: a primitive, or a comment where a resource
// that could not be converted stood (so it shows where it was, not only on stderr).
struct Member {
    std::vector<Primitive> primitive;   // zero or one
    std::string comment;
};

struct Group {
    std::string id;
    std::string description;
    std::vector<Member> members;
    std::string home_node;
    int home_score = 100;
    bool has_primitive() const {
        for (auto& m : members)
            if (!m.primitive.empty()) return true;
        return false;
    }
};

struct Node {
    std::string id, uname;
};

struct Cib {
    std::vector<std::string> header_comments;   // above <configuration>
    std::vector<NameValue> cluster_options;     // cib-bootstrap-options
    std::vector<NameValue> resource_defaults;   // rsc_defaults meta attributes
    std::vector<Node> nodes;
    std::vector<Group> groups;
};

} // namespace hb::cib
