#include "heartbeatd/media/serial_medium.hpp"

#include <cerrno>
#include <cstring>
#include <termios.h>

namespace hb::media {

namespace asio = boost::asio;

SerialMedium::SerialMedium(asio::io_context& io, config::Medium cfg, std::string lock_dir)
    : cfg_(std::move(cfg)), lock_dir_(std::move(lock_dir)), port_(io) {}

std::string SerialMedium::describe() const {
    return "serial " + cfg_.device + " baud " + std::to_string(cfg_.baud);
}

static speed_t baud_constant(int baud) {
    switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    }
    return B19200;
}

bool SerialMedium::configure(std::string& error) {
    int fd = port_.native_handle();
    termios t{};
    if (::tcgetattr(fd, &t) != 0) return error = std::string("tcgetattr: ") + std::strerror(errno), false;
    ::cfmakeraw(&t);   // 8N1, no echo, no line editing, no CR/LF translation
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(CSTOPB | PARENB);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    ::cfsetispeed(&t, baud_constant(cfg_.baud));
    ::cfsetospeed(&t, baud_constant(cfg_.baud));
    if (::tcsetattr(fd, TCSANOW, &t) != 0) return error = std::string("tcsetattr: ") + std::strerror(errno), false;
    ::tcflush(fd, TCIOFLUSH);
    return true;
}

bool SerialMedium::open(Receiver rx, std::string& error) {
    on_rx_ = std::move(rx);
    if (!lock_.acquire(lock_dir_, cfg_.device, error)) return false;
    boost::system::error_code ec;
    port_.open(cfg_.device, ec);
    if (ec) {
        error = describe() + ": " + ec.message();
        lock_.release();
        return false;
    }
    if (!configure(error)) {
        error = describe() + ": " + error;
        close();
        return false;
    }
    read();
    return true;
}

void SerialMedium::read() {
    std::weak_ptr<bool> alive = alive_;
    port_.async_read_some(asio::buffer(buf_), [this, alive](boost::system::error_code ec, std::size_t n) {
        if (alive.expired() || ec == asio::error::operation_aborted || !port_.is_open()) return;
        if (ec) return;   // the tty went away (pty peer closed): the link simply dies
        framer_.feed(std::string_view(buf_.data(), n));
        while (auto f = framer_.next()) on_rx_(*f, cfg_.link_name(), std::nullopt);
        read();
    });
}

void SerialMedium::send(const Encoded& e) {
    if (!port_.is_open()) return;
    // A slow line must not delay fresh heartbeats behind stale ones: drop the oldest frame
    // that is not being written.
    if (queue_.size() >= kMaxQueued) queue_.erase(queue_.begin() + (writing_ ? 1 : 0));
    queue_.push_back(e.serial);
    if (!writing_) write_next();
}

void SerialMedium::write_next() {
    if (queue_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    std::weak_ptr<bool> alive = alive_;
    asio::async_write(port_, asio::buffer(queue_.front()), [this, alive](boost::system::error_code ec, std::size_t) {
        if (alive.expired()) return;
        if (!queue_.empty()) queue_.pop_front();
        if (ec) {
            writing_ = false;
            return;
        }
        write_next();
    });
}

void SerialMedium::close() {
    alive_ = std::make_shared<bool>(true);
    boost::system::error_code ec;
    port_.close(ec);
    queue_.clear();
    writing_ = false;
    lock_.release();
}

} // namespace hb::media
