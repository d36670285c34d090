# Shared by the install-route test scripts (sourced, not run): an isolated scratch world, the
# two Python files every test commits, and helpers. Expects `set -euo pipefail` in the caller.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Keep the Rust toolchain where rustup installed it, then isolate git and every tool's caches
# from the machine's configuration.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/home/.gitconfig"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

fail() { echo "FAIL: $*" >&2; exit 1; }

bad='import socket
s = socket.socket()
s.bind(("0.0.0.0", 8080))
'
clean='import socket
s = socket.socket()
s.bind(("127.0.0.1", 8080))
'

# The crate's version, which the wheel, the mirror's pin and `--version` must all carry.
cargo_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo_root/Cargo.toml" | head -n 1)

# PATH without any directory that holds cargo, rustc or an installed git-bindcheck: what a
# Python developer without Rust has.
path_without_rust() {
    local dir kept=""
    local IFS=:
    for dir in $PATH; do
        [ -n "$dir" ] || continue
        if [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || [ -e "$dir/git-bindcheck" ]; then
            continue
        fi
        kept="${kept:+$kept:}$dir"
    done
    printf '%s' "$kept"
}

# The directory holding the wheel: BINDCHECK_WHEEL_DIR when CI built it already, else built now.
wheel_dir() {
    if [ -n "${BINDCHECK_WHEEL_DIR:-}" ]; then
        printf '%s' "$BINDCHECK_WHEEL_DIR"
    else
        "$repo_root/scripts/build-wheel" "$work/wheels" >&2
        printf '%s' "$work/wheels"
    fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# A Python tool from PyPI in its own virtual environment: pip_tool DIR PACKAGE...
pip_tool() {
    local venv=$1
    shift
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "$@"
}
