#!/bin/sh
# Installs what the agent's browser test (AgentPageIT) drives: Debian's chromium and
# chromium-driver, unless chromium and chromedriver are on the PATH already. Run by the build
# (exec-maven-plugin, pre-integration-test) so that `mvn -B verify` needs nothing installed by hand
# on a Debian or Ubuntu host: as root, or with password-less sudo.
set -e
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-chromium: chromium and chromedriver are missing and this user cannot install packages;" >&2
    echo "install-chromium: install them (Debian/Ubuntu: apt-get install chromium chromium-driver) and run again" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: no apt-get here: install Chromium and its driver (chromium and chromedriver on the PATH)" >&2
    exit 1
fi
echo "install-chromium: installing chromium and chromium-driver (Debian packages) for the agent's browser test"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
