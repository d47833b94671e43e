#!/usr/bin/env bash
#
# .ci/shellcheck.sh - ShellCheck every shell script of the repository: every tracked file
# named *.sh or starting with a bash/sh shebang. "mvn verify" runs it from the parent pom.
# Without shellcheck it says so in one line and passes, because the build needs only a JDK,
# Maven, bash and curl; .ci/run installs it, so CI always checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "[WARNING] shellcheck is not installed: shell scripts not checked (apt-get install shellcheck)"
    exit 0
fi

# Tracked files in a git checkout; every file outside build output otherwise (a source tarball).
list_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files
    else
        find . -type f -not -path './.git/*' -not -path '*/target/*' | sed 's|^\./||'
    fi
}

scripts=()
while IFS= read -r file; do
    [ -f "$file" ] || continue
    if [[ $file == *.sh ]] || head -n 1 "$file" 2>/dev/null | grep -Eq '^#!.*(/|env )(ba)?sh\b'; then
        scripts+=("$file")
    fi
done < <(list_files)

failed=0
for script in "${scripts[@]}"; do
    # -x follows "# shellcheck source=..." directives, resolved from the repository root.
    shellcheck -x "$script" || failed=1
done
if [ "$failed" -ne 0 ]; then
    echo "[ERROR] shellcheck found problems in the scripts above" >&2
    exit 1
fi
echo "[INFO] shellcheck: ${#scripts[@]} scripts clean (${scripts[*]})"
