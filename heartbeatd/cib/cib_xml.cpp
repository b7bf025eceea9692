#include "heartbeatd/cib/cib_xml.hpp"

#include "heartbeatd/cib/xml_id.hpp"

namespace hb::cib {

std::string xml_escape(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        default: o += c;
        }
    }
    return o;
}

std::string comment_safe(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '-' && !o.empty() && o.back() == '-') o += ' ';
        o += c;
    }
    if (!o.empty() && o.back() == '-') o += ' ';
    return o;
}

namespace {

struct Writer {
    std::string out;
    void line(int depth, const std::string& text) {
        out.append(std::size_t(depth) * 2, ' ');
        out += text;
        out += '\n';
    }
    void comment(int depth, const std::string& text) {
        // A multi-line comment keeps its lines, indented under the opening.
        std::string body = comment_safe(text), indented;
        for (char c : body) {
            indented += c;
            if (c == '\n') indented.append(std::size_t(depth) * 2 + 5, ' ');
        }
        line(depth, "<!-- " + indented + " -->");
    }
    static std::string attr(const std::string& name, const std::string& value) {
        return " " + name + "=\"" + xml_escape(value) + "\"";
    }
    void nvpairs(int depth, const std::string& prefix, const std::vector<NameValue>& nv) {
        for (auto& p : nv)
            line(depth, "<nvpair" + attr("id", prefix + "-" + p.name) + attr("name", p.name) + attr("value", p.value) + "/>");
    }
    void primitive(int depth, const Primitive& p) {
        std::string open = "<primitive" + attr("id", p.id) + attr("class", p.cls);
        if (!p.provider.empty()) open += attr("provider", p.provider);
        open += attr("type", p.type);
        if (!p.description.empty()) open += attr("description", p.description);
        line(depth, open + ">");
        if (!p.params.empty()) {
            line(depth + 1, "<instance_attributes" + attr("id", p.id + "-instance_attributes") + ">");
            nvpairs(depth + 2, p.id + "-instance_attributes", p.params);
            line(depth + 1, "</instance_attributes>");
        }
        if (!p.ops.empty()) {
            line(depth + 1, "<operations>");
            for (auto& o : p.ops)
                line(depth + 2, "<op" + attr("id", p.id + "-" + o.name + "-interval-" + o.interval) + attr("name", o.name) +
                                    attr("interval", o.interval) + attr("timeout", o.timeout) + "/>");
            line(depth + 1, "</operations>");
        }
        line(depth, "</primitive>");
    }
};

} // namespace

std::string to_xml(const Cib& cib) {
    Writer w;
    w.line(0, "<?xml version=\"1.0\"?>");
    w.line(0, "<cib validate-with=\"pacemaker-3.0\" admin_epoch=\"1\" epoch=\"1\" num_updates=\"0\">");
    for (auto& c : cib.header_comments) w.comment(1, c);
    w.line(1, "<configuration>");
    w.line(2, "<crm_config>");
    w.line(3, "<cluster_property_set id=\"cib-bootstrap-options\">");
    w.nvpairs(4, "cib-bootstrap-options", cib.cluster_options);
    w.line(3, "</cluster_property_set>");
    w.line(2, "</crm_config>");
    w.line(2, "<nodes>");
    for (auto& n : cib.nodes) w.line(3, "<node" + Writer::attr("id", n.id) + Writer::attr("uname", n.uname) + "/>");
    w.line(2, "</nodes>");
    w.line(2, "<resources>");
    for (auto& g : cib.groups) {
        if (!g.has_primitive()) {
            // A group needs a primitive: only the comments of what could not be converted.
            for (auto& m : g.members)
                if (!m.comment.empty()) w.comment(3, m.comment);
            continue;
        }
        std::string open = "<group" + Writer::attr("id", g.id);
        if (!g.description.empty()) open += Writer::attr("description", g.description);
        w.line(3, open + ">");
        for (auto& m : g.members) {
            if (!m.comment.empty()) w.comment(4, m.comment);
            for (auto& p : m.primitive) w.primitive(4, p);
        }
        w.line(3, "</group>");
    }
    w.line(2, "</resources>");
    w.line(2, "<constraints>");
    for (auto& g : cib.groups)
        if (g.has_primitive() && !g.home_node.empty())
            w.line(3, "<rsc_location" + Writer::attr("id", xml_id("location-" + g.id + "-" + g.home_node)) + Writer::attr("rsc", g.id) +
                          Writer::attr("node", g.home_node) + Writer::attr("score", std::to_string(g.home_score)) + "/>");
    w.line(2, "</constraints>");
    if (!cib.resource_defaults.empty()) {
        w.line(2, "<rsc_defaults>");
        w.line(3, "<meta_attributes id=\"rsc-options\">");
        w.nvpairs(4, "rsc-options", cib.resource_defaults);
        w.line(3, "</meta_attributes>");
        w.line(2, "</rsc_defaults>");
    }
    w.line(1, "</configuration>");
    w.line(1, "<status/>");
    w.line(0, "</cib>");
    return w.out;
}

} // namespace hb::cib
