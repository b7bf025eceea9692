#include "heartbeatd/daemon/local_fifo.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeatd/wire/packet.hpp"

namespace hb::daemon {

LocalFifo::LocalFifo(boost::asio::io_context& io, std::string path) : path_(std::move(path)), fd_(io) {}

LocalFifo::~LocalFifo() { close(); }

bool LocalFifo::open(Handler h, std::string& error) {
    handler_ = std::move(h);
    struct stat st{};
    if (::lstat(path_.c_str(), &st) == 0 && !S_ISFIFO(st.st_mode)) ::unlink(path_.c_str());   // a stray file
    if (::mkfifo(path_.c_str(), 0600) != 0 && errno != EEXIST)
        return error = path_ + ": mkfifo: " + std::strerror(errno), false;
    // Checked on the opened descriptor: whoever wrote into it would command the cluster.
    int fd = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return error = path_ + ": " + std::strerror(errno), false;
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode) || st.st_uid != ::geteuid()) {
        ::close(fd);
        return error = path_ + ": not a FIFO owned by uid " + std::to_string(::geteuid()) +
                       " (remove it; heartbeatd makes its own)", false;
    }
    if ((st.st_mode & 077) && ::fchmod(fd, 0600) != 0) {
        ::close(fd);
        return error = path_ + ": cannot make it mode 0600: " + std::strerror(errno), false;
    }
    fd_.assign(fd);
    read();
    return true;
}

void LocalFifo::read() {
    std::weak_ptr<bool> alive = alive_;
    fd_.async_read_some(boost::asio::buffer(buf_), [this, alive](boost::system::error_code ec, std::size_t n) {
        if (alive.expired() || ec == boost::asio::error::operation_aborted || !fd_.is_open()) return;
        if (ec) return;
        framer_.feed(std::string_view(buf_.data(), n));
        while (auto f = framer_.next()) {
            auto p = wire::parse_packet(*f);
            if (p) handler_(p->message);
        }
        read();
    });
}

void LocalFifo::close() {
    alive_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    fd_.close(ec);
}

} // namespace hb::daemon
