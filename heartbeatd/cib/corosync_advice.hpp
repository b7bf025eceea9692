// What ha.cf's timing and media become in corosync.conf (Corosync is configured outside
// the CIB): the text of an XML comment, a corosync.conf sketch for the same nodes.
//   deadtime  -> totem.token (ms): how long a silent node takes to be declared lost;
//   deadtime / keepalive -> token_retransmits_before_loss_const (heartbeats heartbeat
//                allowed to miss ~ token retransmits Corosync makes before a loss);
//   each bcast/mcast/ucast medium -> one knet link (ring0_addr, ring1_addr, ...);
//   two nodes -> votequorum two_node: 1 (the survivor keeps quorum).
#pragma once
#include <string>

#include "heartbeatd/config/ha_cf.hpp"

namespace hb::cib {

struct TokenAdvice {
    long token_ms = 0;
    int retransmits = 0;
};

TokenAdvice token_advice(const config::HaCf& cf);

// `hacf_name` names the file in the text ("ha.cf:5 deadtime ...").
std::string corosync_advice(const config::HaCf& cf, const std::string& hacf_name);

} // namespace hb::cib
