#!/usr/bin/env bash
# psoas's system prerequisites: the ONE list, read by the Makefile (`make test`, `make run`)
# and by .ci/run. Plain bash (3.2 works, for macOS), no tools beyond the shell and `id`/`uname`.
#
#   prereqs.sh check test   before `make test`: install what is missing with apt-get where
#                           possible (root, or sudo without a password, on Debian/Ubuntu);
#                           elsewhere print what is missing and the install line, exit 2
#   prereqs.sh check run    before `make run`: warn about what is missing, exit 0
#   prereqs.sh packages     the Debian packages of every entry (what .ci/run installs)
#   prereqs.sh list         the list, tab-separated (for tests)
#   prereqs.sh readme       the README's prerequisites section, generated from the list
#   prereqs.sh simpleaudio VENV_PYTHON STAMP
#                           build simpleaudio into the venv once and stamp ok/failed;
#                           retry a failed build once its prerequisites are present
#
# PYTHON (default python3) is the interpreter the Makefile builds .venv with.

# (no set -u: bash 3.2 calls an empty array unbound)

# One entry a line, fields separated by "|":
#   provides  the command or library it gives psoas
#   check     how to tell it is there: "command NAME", "header PATH" (a C header; on Debian
#             the package's dpkg status), "python CODE" (PYTHON runs CODE, exit 0 = there)
#   debian    the Debian/Ubuntu package
#   homebrew  the Homebrew formula; "-" where macOS needs none (it has its own, or no use)
#   for       "test": `make test` needs it; "run": `make run` warns without it;
#             "simpleaudio": needed to build simpleaudio; "later": needed by coming features
#             (CI installs it already, `make test` does not ask for it yet)
#   why       what it is for
PREREQS='
espeak-ng        | command espeak-ng        | espeak-ng      | espeak-ng | test run    | spoken step names (psoas run --speak); without it the cues are beeps only
aplay            | command aplay            | alsa-utils     | -         | test        | the system sound player and the ALSA file plugin the sound tests record through
ALSA headers     | header alsa/asoundlib.h  | libasound2-dev | -         | test simpleaudio | to build simpleaudio (the first choice of sound backend)
C compiler       | command gcc              | gcc            | -         | test simpleaudio | to build simpleaudio
Python headers   | python import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("include"), "Python.h"))) | python3-dev | - | test simpleaudio | to build simpleaudio
Python venv      | python import ensurepip, venv | python3-venv | -        | test run    | to create .venv (Debian splits it from python3)
tmux             | command tmux             | tmux           | tmux      | test        | the end-to-end test drives psoas in a real terminal
msgfmt           | command msgfmt           | gettext        | gettext   | test        | checks and compiles the translations (make i18n; the catalog tests run msgfmt --check)
dbus-run-session | command dbus-run-session | dbus           | -         | test        | a private session bus for the desktop-notification tests
systemd-analyze  | command systemd-analyze  | systemd        | -         | test        | checks the reminder timer units
notify-send      | command notify-send      | libnotify-bin  | -         | test run    | desktop notifications for reminders (psoas remind)
zsh              | command zsh              | zsh            | -         | test        | the completion tests run psoas completion zsh in a real zsh
fish             | command fish             | fish           | fish      | test        | the completion tests run psoas completion fish in a real fish
'

PYTHON=${PYTHON:-python3}

# Sets the variable named $1 to $2 without its surrounding blanks (no subshell: fast).
trim_into() {
  local s=$2
  s=${s#"${s%%[![:space:]]*}"}
  s=${s%"${s##*[![:space:]]}"}
  printf -v "$1" '%s' "$s"
}

# Calls "$1" with the six trimmed fields of every entry.
each() {
  local line provides check debian brew tags why
  while IFS= read -r line; do
    case $line in *[![:space:]]*) ;; *) continue ;; esac
    IFS="|" read -r provides check debian brew tags why <<<"$line"
    trim_into provides "$provides"
    trim_into check "$check"
    trim_into debian "$debian"
    trim_into brew "$brew"
    trim_into tags "$tags"
    trim_into why "$why"
    "$1" "$provides" "$check" "$debian" "$brew" "$tags" "$why"
  done <<<"$PREREQS"
}

platform() {
  if [ "$(uname -s 2>/dev/null)" = Darwin ]; then
    echo macos
  elif command -v apt-get >/dev/null 2>&1 || command -v dpkg-query >/dev/null 2>&1; then
    echo debian
  else
    echo other
  fi
}

PLATFORM=$(platform)

# Does this entry matter here? macOS needs only the entries with a Homebrew formula.
applies() { [ "$PLATFORM" != macos ] || [ "$1" != - ]; }

has_tag() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }

present() { # check debian
  local kind=${1%% *} arg=${1#* }
  case $kind in
    command) command -v "$arg" >/dev/null 2>&1 ;;
    header)
      if command -v dpkg-query >/dev/null 2>&1; then
        [ "$(dpkg-query -W -f='${db:Status-Status}' "$2" 2>/dev/null)" = installed ]
      else
        local dir
        for dir in /usr/include /usr/local/include /opt/homebrew/include; do
          [ -e "$dir/$arg" ] && return 0
        done
        return 1
      fi
      ;;
    python) "$PYTHON" -I -S -c "$arg" >/dev/null 2>&1 ;;
    *) echo "prereqs.sh: unknown check '$1'" >&2; return 1 ;;
  esac
}

MISSING_DEB=() MISSING_BREW=() MISSING_TEXT=()
collect() { # provides check debian brew for why   (TAG is the wanted tag)
  has_tag "$5" "$TAG" || return 0
  applies "$4" || return 0
  present "$2" "$3" && return 0
  MISSING_DEB+=("$3")
  [ "$4" = - ] || MISSING_BREW+=("$4")
  MISSING_TEXT+=("$1 ($3): $6")
}

missing() { # TAG: fill the MISSING_* arrays
  TAG=$1 MISSING_DEB=() MISSING_BREW=() MISSING_TEXT=()
  each collect
}

install_line() {
  case $PLATFORM in
    macos) echo "brew install ${MISSING_BREW[*]}" ;;
    debian) echo "sudo apt-get install ${MISSING_DEB[*]}" ;;
    *) echo "install (Debian package names; use your system's package manager): ${MISSING_DEB[*]}" ;;
  esac
}

can_install() { # prints the command prefix: "" as root, "sudo" with passwordless sudo
  [ "$PLATFORM" = debian ] && command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$(id -u)" = 0 ]; then
    echo ""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    echo sudo
  else
    return 1
  fi
}

check_test() {
  missing test
  [ ${#MISSING_DEB[@]} = 0 ] && { echo "prerequisites for the tests: all there"; return 0; }
  local sudo item
  if sudo=$(can_install); then
    echo "psoas: the tests need these system packages; installing them with ${sudo:+sudo }apt-get:"
    for item in "${MISSING_TEXT[@]}"; do echo "  - $item"; done
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${MISSING_DEB[@]}"
    missing test
    [ ${#MISSING_DEB[@]} = 0 ] && { echo "prerequisites for the tests: installed"; return 0; }
    echo "psoas: apt-get did not install everything:" >&2
  else
    echo "psoas: the tests need system packages that are missing:" >&2
  fi
  for item in "${MISSING_TEXT[@]}"; do echo "  - $item" >&2; done
  echo "Install them with:" >&2
  echo "  $(install_line)" >&2
  echo "then run make test again." >&2
  return 2
}

check_run() {
  missing run
  local item
  for item in "${MISSING_TEXT[@]}"; do echo "warning: missing $item" >&2; done
  [ ${#MISSING_DEB[@]} = 0 ] || echo "  to install: $(install_line)" >&2
  return 0
}

# -- output for .ci/run, tests and the README ------------------------------------------

print_package() { echo "$3"; }
print_row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

readme_row() { # provides check debian brew for why
  local needed
  if has_tag "$5" test; then needed="make test"; else needed="coming features (CI installs it now)"; fi
  has_tag "$5" run && needed="$needed; make run warns without it"
  printf '| %s | `%s` | %s | %s | %s |\n' "$1" "$3" \
    "$([ "$4" = - ] && echo "not needed" || echo "\`$4\`")" "$needed" "$6"
}
collect_all() { # tag-free: every Debian package of an entry for "test", and every Homebrew one
  has_tag "$5" test || return 0
  DEB_TEST+=("$3")
  [ "$4" = - ] || BREW_TEST+=("$4")
}

readme() {
  DEB_TEST=() BREW_TEST=()
  each collect_all
  cat <<EOF
\`make test\` checks these first: as root or with sudo that needs no password, on Debian or
Ubuntu, it installs what is missing with apt-get; elsewhere it names what is missing and the
line to run. \`make run\` needs none of them (it warns and goes on). The list lives in
\`scripts/prereqs.sh\`, which \`make\` and CI both read.

Debian/Ubuntu:

\`\`\`sh
sudo apt-get install ${DEB_TEST[*]}
\`\`\`

macOS (Homebrew; simpleaudio builds against CoreAudio with the Xcode command line tools):

\`\`\`sh
brew install ${BREW_TEST[*]}
\`\`\`

| Provides | Debian/Ubuntu | Homebrew | Needed by | Why |
|---|---|---|---|---|
EOF
  each readme_row
}

# -- simpleaudio: built once, the result stamped -----------------------------------------

simpleaudio() { # VENV_PYTHON STAMP
  local venv_python=$1 stamp=$2 state=""
  [ -f "$stamp" ] && state=$(<"$stamp")
  [ "$state" = ok ] && return 0
  if [ "$state" = failed ]; then
    missing simpleaudio
    [ ${#MISSING_DEB[@]} = 0 ] || return 0 # still missing: nothing new to try
    echo "psoas: simpleaudio failed to build before; its prerequisites are there now: retrying"
  fi
  if "$venv_python" -m pip install --quiet -e '.[simpleaudio]' >"$stamp.log" 2>&1; then
    echo ok >"$stamp"
  else
    echo failed >"$stamp"
    echo "note: simpleaudio did not build (see $stamp.log); psoas uses miniaudio instead."
    echo "  It needs: $(missing simpleaudio; echo "${MISSING_TEXT[*]:-see the log}")"
  fi
  return 0
}

case "${1:-}" in
  check)
    case "${2:-}" in
      test) check_test ;;
      run) check_run ;;
      *) echo "usage: prereqs.sh check test|run" >&2; exit 64 ;;
    esac
    ;;
  packages) each print_package ;;
  list) each print_row ;;
  readme) readme ;;
  simpleaudio)
    [ $# = 3 ] || { echo "usage: prereqs.sh simpleaudio VENV_PYTHON STAMP" >&2; exit 64; }
    simpleaudio "$2" "$3"
    ;;
  *)
    echo "usage: prereqs.sh check test|run | packages | list | readme | simpleaudio PY STAMP" >&2
    exit 64
    ;;
esac
