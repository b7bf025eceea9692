// AddressTakeover over rtnetlink (libnl-route) and an AF_PACKET socket: adds the address as
// resource.d/IPaddr2 would (same interface, prefix, broadcast, label) and sends the script's
// train of gratuitous ARPs from the io_context (the first at once).
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "heartbeatd/resources/address_spec.hpp"
#include "heartbeatd/resources/address_takeover.hpp"
#include "lib/asio.hpp"

namespace hb::resources {

class NativeAddress : public AddressTakeover {
public:
    // `environment`: the scripts' environment (HA_ARP_COUNT, HA_ARP_INTERVAL_MS).
    NativeAddress(boost::asio::any_io_executor ex, std::vector<std::string> environment);
    ~NativeAddress() override;
    Result take(const config::Resource& r, const std::string& script, std::string& detail) override;

private:
    struct Train;
    void announce(int ifindex, const std::array<std::uint8_t, 6>& mac, std::uint32_t ip, ArpTrain t);

    boost::asio::any_io_executor ex_;
    std::vector<std::string> environment_;
    std::set<std::shared_ptr<Train>> trains_;
};

} // namespace hb::resources
