# What later scenarios rely on: the project's binaries, ipvsadm, virtual links, namespaces.
check env/directord-present sh -c 'command -v directord'
check env/ipvsadm-works ipvsadm -L -n
check env/veth ip link add vt0 type veth peer name vt1
check env/dummy ip link add dm0 type dummy
check env/nested-netns unshare -n true
ip link del vt0 2>/dev/null; ip link del dm0 2>/dev/null
